using System.Threading.Channels;
using Actors.Store.Routing;
using Microsoft.Extensions.Logging;
using Actors.Store.OwnRuntime;

namespace Actors.Store.Cluster;

using ActorStateStore = Actors.Store.OwnRuntime.ActorStateStore;

/// <summary>
/// Keeps this node's shards in step with the cluster's view. For every shard: assigned to this node → the shard actor
/// runs here under the view's epoch (recovering from the journal first); being handed off by this node → new requests
/// wait (bounded) while everything accepted is made durable, the actor stops and the shard is released to its next
/// owner; owned by a live peer → requests are forwarded there; otherwise (unassigned, owner down) → requests wait,
/// bounded, for the next view. A shard still running here that the view gives to another node (this node was paused
/// or cut off) is stopped at once; the journal's fence refuses whatever it might still try to write.
/// </summary>
internal sealed class ClusterPlacement : IAsyncDisposable
{
    private readonly TaskCompletionSource _firstApplied = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorStateStore _store;
    private readonly ClusterNode _node;
    private readonly ILogger _log;
    private readonly Channel<ClusterView> _views = Channel.CreateBounded<ClusterView>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly SemaphoreSlim _applying = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ClusterPlacement(ActorStateStore store, ClusterNode node, ILogger log)
    {
        _store = store;
        _node = node;
        _log = log;
        _node.ViewChanged += OnViewChanged;
        _store.ShardMapStale = RefreshAsync;
        _store.ShardMapRefreshRequested = _ => _node.RequestRefresh();
        _store.MayServeLocally = () => _node.HasLease;
        _views.Writer.TryWrite(node.View);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The newest view applied to the routes.</summary>
    public ClusterView? Applied { get; private set; }

    /// <summary>Completes when the first view has been applied (cancelled if the placement is disposed first).</summary>
    public Task FirstApplied => _firstApplied.Task;

    public async ValueTask DisposeAsync()
    {
        _node.ViewChanged -= OnViewChanged;
        _views.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _firstApplied.TrySetCanceled();
    }

    private void OnViewChanged(ClusterView view) => _views.Writer.TryWrite(view);

    private async Task RefreshAsync(int shard)
    {
        var view = await _node.RefreshAsync(_stop.Token).ConfigureAwait(false);
        await ApplyAsync(view).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await foreach (var view in _views.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
        {
            try
            {
                await ApplyAsync(view).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The next view (or the periodic refresh) tries again; a view must never stop the loop.
                _log.LogError(error, "Applying cluster view {Version} failed; it will be retried with the next view.", view.Version);
            }
        }
    }

    private async Task ApplyAsync(ClusterView view)
    {
        await _applying.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            if (Applied is { } applied && applied.Version > view.Version)
            {
                return;
            }

            var me = _node.NodeName;
            var work = new List<Task>();
            for (var shard = 0; shard < _store.Settings.Shards; shard++)
            {
                work.Add(ApplyShardAsync(shard, view.Shard(shard), view, me));
            }

            await Task.WhenAll(work).ConfigureAwait(false);
            Applied = view;
            _firstApplied.TrySetResult();
        }
        finally
        {
            _applying.Release();
        }
    }

    private async Task ApplyShardAsync(int shard, ShardOwnership ownership, ClusterView view, string me)
    {
        var route = _store.RouteOf(shard);
        if (ownership.Owner == me && ownership.State == ShardOwnershipState.Assigned)
        {
            if (route is ShardRoute.Local local && local.Epoch == ownership.Epoch)
            {
                return;
            }

            if (route is ShardRoute.Local)
            {
                // Re-assigned to us under a new epoch: restart under the new fence.
                await _store.StopLocalShardAsync(shard, "re-assigned under a new epoch", flush: true).ConfigureAwait(false);
            }

            _log.LogInformation("Shard {Shard} is assigned to this node (epoch {Epoch}); starting it.", shard, ownership.Epoch);
            await _store.StartLocalShardAsync(shard, ownership.Epoch).ConfigureAwait(false);
            return;
        }

        if (ownership.Owner == me && ownership.State == ShardOwnershipState.HandingOff)
        {
            _log.LogInformation("Handing shard {Shard} off to {Next} (epoch {Epoch}).", shard, ownership.NextOwner, ownership.Epoch);
            await _store.StopLocalShardAsync(shard, $"handing off to {ownership.NextOwner}", flush: true).ConfigureAwait(false);
            await _node.ReleaseShardAsync(shard, ownership.Epoch, _stop.Token).ConfigureAwait(false);
            return;
        }

        if (route is ShardRoute.Local lost)
        {
            // The view gives this shard to someone else while it still runs here: this node was paused or cut off.
            _log.LogWarning("Shard {Shard} (epoch {Epoch}) now belongs to {Owner} (epoch {NewEpoch}); stopping the local copy.", shard, lost.Epoch, ownership.Owner ?? "nobody", ownership.Epoch);
            await _store.StopLocalShardAsync(shard, "ownership lost", flush: false).ConfigureAwait(false);
        }

        if (ownership.Owner is { } owner && view.Member(owner) is { Status: MemberStatus.Up or MemberStatus.Leaving } member)
        {
            // During a hand-off the old owner still answers: it holds requests until it releases, then says "not owner".
            var target = new ShardOwner(owner, member.Url, ownership.Epoch);
            if (_store.RouteOf(shard) is not ShardRoute.Remote remote || remote.Owner != target)
            {
                _store.SetRoute(shard, new ShardRoute.Remote(target));
            }

            return;
        }

        if (_store.RouteOf(shard) is not ShardRoute.Pending)
        {
            _store.SetRoute(shard, new ShardRoute.Pending(new ShardBuffer(shard, ActorStateStore.HandOffBufferCapacity), "no live owner"));
        }
    }
}
