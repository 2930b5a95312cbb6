using Microsoft.Extensions.Logging;

namespace Actors.Store.Cluster;

/// <summary>
/// Re-reads the view: now (<see cref="RefreshAsync"/>) or soon (<see cref="Request"/>, which coalesces requests that
/// arrive while a read is running into one more read).
/// </summary>
internal sealed class ViewRefresher(ClusterContext context) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _lock = new();
    private bool _requested;
    private Task? _running;

    /// <summary>Reads the tables, publishes the view if it is newer, and returns the node's latest view.</summary>
    public async Task<ClusterView> RefreshAsync(CancellationToken cancellationToken)
    {
        ClusterView view = await ViewReader.ReadAsync(context.Connections.Pool, context.Sql, cancellationToken).ConfigureAwait(false);
        context.Publish(view);
        return context.Views.Current;
    }

    /// <summary>Schedules a read in the background.</summary>
    public void Request()
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _requested = true;
            _running ??= Task.Run(RunAsync);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? running;
        lock (_lock)
        {
            _stopping.Cancel();
            running = _running;
        }

        if (running is not null)
        {
            await running.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        while (true)
        {
            lock (_lock)
            {
                if (!_requested || _stopping.IsCancellationRequested)
                {
                    _running = null;
                    return;
                }

                _requested = false;
            }

            try
            {
                using CancellationTokenSource timeout = context.StatementTimeout(_stopping.Token);
                await RefreshAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                // The listener's periodic refresh and the next notification try again.
                context.Logger.LogDebug(e, "Refreshing the cluster view of {Node} failed.", context.NodeName);
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
        }
    }
}
