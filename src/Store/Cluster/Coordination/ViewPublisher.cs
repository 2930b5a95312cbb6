using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Actors.Store.Cluster;

/// <summary>
/// Holds a node's latest view and moves it only forward (by version), whichever of the node's readers got there first;
/// raises <see cref="Changed"/> for each new view, in order, on a task of its own, so a slow handler delays later events
/// but never a refresh.
/// </summary>
internal sealed class ViewPublisher : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly ILogger _logger;
    private readonly Channel<ClusterView> _events = Channel.CreateUnbounded<ClusterView>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _dispatch;
    private ClusterView _current;
    private TaskCompletionSource<ClusterView> _next = NewWaiter();
    private bool _disposed;

    public ViewPublisher(ClusterView initial, ILogger logger)
    {
        _current = initial;
        _logger = logger;
        _dispatch = Task.Run(DispatchAsync);
    }

    public event Action<ClusterView>? Changed;

    public ClusterView Current => Volatile.Read(ref _current);

    /// <summary>Publishes <paramref name="view"/> if it is newer than the current one; returns whether it did.</summary>
    public bool Publish(ClusterView view)
    {
        TaskCompletionSource<ClusterView> waiters;
        lock (_lock)
        {
            if (_disposed || view.Version <= _current.Version)
            {
                return false;
            }

            Volatile.Write(ref _current, view);
            waiters = _next;
            _next = NewWaiter();
            _events.Writer.TryWrite(view);
        }

        waiters.SetResult(view);
        return true;
    }

    /// <summary>The first view, current or future, that satisfies <paramref name="condition"/>.</summary>
    public async Task<ClusterView> WaitForAsync(Func<ClusterView, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            ClusterView current;
            Task<ClusterView> next;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, typeof(ClusterNode));
                current = _current;
                next = _next.Task;
            }

            if (condition(current))
            {
                return current;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops publishing; whoever still waits for a view gets <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposed = true;
            _next.TrySetException(new ObjectDisposedException(nameof(ClusterNode), "The cluster node was disposed; no more views will come."));
        }

        _events.Writer.TryComplete();
        await _dispatch.ConfigureAwait(false);
    }

    private static TaskCompletionSource<ClusterView> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task DispatchAsync()
    {
        await foreach (ClusterView view in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                Changed?.Invoke(view);
            }
            catch (Exception e)
            {
                // A handler's bug must not stop the events of the others.
                _logger.LogError(e, "A ViewChanged handler failed on {View}.", view);
            }
        }
    }
}
