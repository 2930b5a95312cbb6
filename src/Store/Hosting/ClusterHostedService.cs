using Actors.Store.Cluster;
using Actors.Store.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Actors.Store.OwnRuntime;

namespace Actors.Store.Hosting;

using ActorStateStore = Actors.Store.OwnRuntime.ActorStateStore;

/// <summary>
/// Clustered hosting: joins the cluster with the host (a bad cluster configuration fails the start with a clear error),
/// places shards as the view says, and marks the store ready once the first view is applied. When the host begins to
/// stop — before the web server stops accepting — the node leaves: its shards are handed off while it still answers
/// the requests forwarded to it, so that no request fails during a graceful leave.
/// </summary>
public sealed class ClusterHostedService : IHostedLifecycleService
{
    private readonly ActorStateStore _store;
    private readonly ClusterSettings _settings;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private ClusterNode? _node;
    private ClusterPlacement? _placement;

    internal ClusterHostedService(ActorStateStore store, ClusterSettings settings, IServiceProvider services, ILoggerFactory loggers)
    {
        _store = store;
        _settings = settings;
        _services = services;
        _loggers = loggers;
        _log = loggers.CreateLogger<ClusterHostedService>();
    }

    /// <summary>The node, once joined (for /v1/cluster and the dashboard).</summary>
    public ClusterNode? Node => _node;

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (_services.GetService(typeof(IShardTransport)) is not IShardTransport transport)
        {
            throw new InvalidOperationException("cluster.enabled = on needs a shard transport to forward requests between nodes; the host registers one (HTTP).");
        }

        // Joining happens once every service has started, the web server included: a member gets shards at once, and
        // its peers forward requests to it straight away.
        _store.UseTransport(transport);
        try
        {
            // Join first: the cluster creates the shard table, which the store's journal uses as its fence.
            _node = await ClusterNode.JoinAsync(_settings, _store.Settings.Shards, _loggers, cancellationToken).ConfigureAwait(false);
            await _store.BeginManagedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            _store.MarkFailed(error);
            throw;
        }

        _placement = new ClusterPlacement(_store, _node, _loggers.CreateLogger<ClusterPlacement>());
        _ = MarkReadyWhenPlacedAsync(_placement);
    }

    /// <inheritdoc />
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_node is null)
        {
            return;
        }

        _log.LogInformation("Leaving the cluster: handing this node's shards off before stopping.");
        try
        {
            await _node.LeaveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is OperationCanceledException or TimeoutException)
        {
            _log.LogWarning("Leaving the cluster did not finish in time; the remaining shards move after the failure timeout.");
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_placement is not null)
        {
            await _placement.DisposeAsync().ConfigureAwait(false);
        }

        if (_node is not null)
        {
            await _node.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task MarkReadyWhenPlacedAsync(ClusterPlacement placement)
    {
        try
        {
            await placement.FirstApplied.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped before the first view was applied: never ready.
            return;
        }

        _store.MarkReady();
    }
}
