using Actors.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Actors.Store.Cluster;

/// <summary>
/// This process's membership in a cluster coordinated through PostgreSQL: it heartbeats, keeps a cached
/// <see cref="ClusterView"/> of members and shard ownership up to date, campaigns for the coordinator role and, when it
/// holds it, assigns and rebalances shards. It hosts nothing itself: the store follows <see cref="View"/> (hosting the
/// shards this node owns, fenced by their epochs) and releases the shards it is asked to hand off.
/// </summary>
/// <remarks>
/// <para>
/// <b>Hand-off.</b> When the coordinator moves a shard away from this node, the view shows it
/// <see cref="ShardOwnershipState.HandingOff"/> with this node as owner: flush the shard, stop it, then call
/// <see cref="ReleaseShardAsync"/> with its epoch; the next owner gets it under the next epoch. A live owner is never
/// overruled: a hand-off it does not complete within <c>rebalance.hand-off-timeout</c> is cancelled and it keeps the
/// shard. Only a node that is down loses its shards without releasing them, under new epochs that fence off its writes.
/// </para>
/// <para>
/// <b>Serving.</b> Serve a shard only while <see cref="IsActiveOwner"/> says so: the view names this node as its owner,
/// and the member lease (renewed by every heartbeat, and shorter than the failure timeout) holds, so that a node cut off
/// from the database stops serving before anyone else can be given its shards.
/// </para>
/// <para>
/// <b>Expulsion.</b> A node that the coordinator marked down (its heartbeats stopped arriving, e.g. it was paused or cut
/// off) or that a restart under the same name replaced is expelled: <see cref="Expelled"/> completes, it stops
/// heartbeating and coordinating, and owns nothing; its view is still kept current (it can still route requests).
/// Restart it to rejoin.
/// </para>
/// <para>
/// Disposing without <see cref="LeaveAsync"/> ends the node's sessions at once, as a killed process would: the other
/// nodes mark it down after the failure timeout and take over its shards.
/// </para>
/// </remarks>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly ClusterContext _context;
    private readonly Coordinator _coordinator;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loops;
    private int _disposed;

    private ClusterNode(ClusterContext context)
    {
        _context = context;
        _coordinator = new Coordinator(context);
        CancellationToken stopping = _stopping.Token;
        _loops = Task.WhenAll(
            Task.Run(() => RunLoopAsync("heartbeat", () => MemberHeartbeat.RunAsync(context, stopping)), CancellationToken.None),
            Task.Run(() => RunLoopAsync("listener", () => ViewListener.RunAsync(context, stopping)), CancellationToken.None),
            Task.Run(() => RunLoopAsync("coordinator", () => _coordinator.RunAsync(stopping)), CancellationToken.None));
    }

    /// <summary>
    /// Raised for every newer view the node reads (versions changed in between may be skipped), in version order, on a
    /// task of the node's own: do not block in a handler. Views published before a handler subscribed are not raised
    /// again: subscribe, then read <see cref="View"/>.
    /// </summary>
    public event Action<ClusterView>? ViewChanged
    {
        add => _context.Views.Changed += value;
        remove => _context.Views.Changed -= value;
    }

    /// <summary>This node's name (<c>cluster.node-name</c>).</summary>
    public string NodeName => _context.NodeName;

    /// <summary>This run of the node; a restart under the same name gets a new one.</summary>
    public Guid Incarnation => _context.Incarnation;

    public ClusterSettings Settings => _context.Settings;

    public int ShardCount => _context.ShardCount;

    /// <summary>The latest view this node has read; it only moves forward.</summary>
    public ClusterView View => _context.Views.Current;

    /// <summary>
    /// Whether this node holds the coordinator role, as far as it knows: if its database session is killed, it notices
    /// within a rebalance interval, and another node may have been elected meanwhile. The role's authority is the term in
    /// the database (<see cref="ClusterView.CoordinatorTerm"/>): a stale coordinator's changes are refused.
    /// </summary>
    public bool IsCoordinator => _coordinator.IsCoordinator;

    /// <summary>The term this node coordinates under (0 when it does not): for diagnostics and tests.</summary>
    internal long CoordinatorTerm => _coordinator.Term;

    /// <summary>
    /// Whether this node's membership lease holds: a heartbeat sent less than 90 % of the failure timeout ago reached the
    /// database. Without it, another node may already own this node's shards (or soon will).
    /// </summary>
    public bool HasLease => _context.IsMember && _context.MemberLease.IsValid;

    /// <summary>Completes, with the reason, when this incarnation is expelled (marked down or replaced); see the remarks.</summary>
    public Task<string> Expelled => _context.Expelled;

    /// <summary>
    /// Joins the cluster: checks the settings, reaches the database, creates or checks the cluster's tables, checks the
    /// shard count, registers this node, reads the first view, and starts heartbeating, listening and campaigning.
    /// </summary>
    /// <param name="settings">The <c>cluster</c> settings; <see cref="ClusterSettings.Enabled"/> must be on.</param>
    /// <param name="shardCount">The store's shard count (<c>store.shards</c>); every node of a cluster must have the same.</param>
    /// <param name="loggers">Where the node logs membership and coordination events.</param>
    /// <param name="cancellationToken">Cancels the join.</param>
    /// <exception cref="InvalidConfigurationException">A setting is missing or invalid; the message names it.</exception>
    /// <exception cref="ClusterJoinException">
    /// The database cannot be reached (or did not answer within <c>cluster.join-timeout</c>), the schema is unusable, a live
    /// member has this node's name, or the cluster has another shard count. The message says how to fix it.
    /// </exception>
    public static async Task<ClusterNode> JoinAsync(ClusterSettings settings, int shardCount, ILoggerFactory loggers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        if (!settings.Enabled)
        {
            throw new InvalidConfigurationException("cluster.enabled", "is off; set cluster.enabled = on to join a cluster.");
        }

        settings.Validate();
        ILogger logger = loggers.CreateLogger("Actors.Store.Cluster");
        var connections = new ClusterConnections(settings);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.JoinTimeout);
        try
        {
            JoinedCluster joined = await ClusterJoin.JoinAsync(connections, settings, shardCount, logger, timeout.Token).ConfigureAwait(false);
            var context = new ClusterContext(settings, shardCount, connections, joined.Incarnation, joined.LockKey, joined.View, logger);
            context.MemberLease.Confirm(joined.RegisteredAt);
            return new ClusterNode(context);
        }
        catch (Exception e)
        {
            await connections.DisposeAsync().ConfigureAwait(false);
            if (e is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ClusterJoinException(
                    ClusterJoinFailure.Unreachable,
                    $"Could not join the cluster within cluster.join-timeout ({settings.JoinTimeout.TotalSeconds:0.###} s): the PostgreSQL at {connections.Location} " +
                    "(cluster.postgres.connection-string) did not answer in time. Check that it is running and reachable from this host, or raise cluster.join-timeout.",
                    e);
            }

            throw;
        }
    }

    /// <summary>
    /// Whether this node may serve <paramref name="shard"/> now: the view names it the owner (assigned, or handing off and
    /// not yet released) and its lease holds. <paramref name="epoch"/> is the epoch to fence its writes with.
    /// </summary>
    public bool IsActiveOwner(int shard, out long epoch)
    {
        ShardOwnership ownership = View.Shard(shard);
        epoch = ownership.Epoch;
        return string.Equals(ownership.Owner, NodeName, StringComparison.Ordinal) && HasLease;
    }

    /// <summary>Reads the tables now (as after a "not owner" answer from the node the view named) and returns the latest view.</summary>
    public Task<ClusterView> RefreshAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _context.Refresher.RefreshAsync(cancellationToken);
    }

    /// <summary>Schedules a re-read of the view in the background; requests made while one runs share the next read.</summary>
    internal void RequestRefresh() => _context.Refresher.Request();

    /// <summary>The first view, the current one or a later one, that satisfies <paramref name="condition"/>.</summary>
    public Task<ClusterView> WaitForViewAsync(Func<ClusterView, bool> condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return _context.Views.WaitForAsync(condition, cancellationToken);
    }

    /// <summary>
    /// Completes the hand-off of <paramref name="shard"/>, which this node owns at <paramref name="epoch"/> and is handing
    /// off: call it once the shard is flushed and stopped, so that nothing more will be written under that epoch. The next
    /// owner (or nobody, when no member is up to take it) gets the shard under <paramref name="epoch"/> + 1.
    /// </summary>
    /// <returns>
    /// True when released; <see cref="View"/> then shows it (unless the database went away right after). False when the
    /// shard is no longer this node's to release at that epoch: the hand-off was cancelled (the node still owns it, at the
    /// same epoch: host it again) or the shard was taken away (the node is down).
    /// </returns>
    public async Task<bool> ReleaseShardAsync(int shard, long epoch, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, ShardCount);
        await using NpgsqlConnection connection = await ClusterCommands.OpenAsync(_context.Connections.Pool, cancellationToken).ConfigureAwait(false);
        (bool released, string? nextOwner) = await ClusterTransaction.RunAsync(connection, _context.Sql, async (transaction, _) =>
        {
            List<string?> owners = await ClusterCommands.ReadAsync(
                connection, transaction, _context.Sql.Release, r => r.NullableString(0), cancellationToken, shard, epoch, NodeName).ConfigureAwait(false);
            return owners.Count == 1 ? ((true, owners[0]), true) : ((false, (string?)null), false);
        }, cancellationToken).ConfigureAwait(false);

        if (released)
        {
            _context.Logger.LogInformation("Cluster node {Node} released shard {Shard} (epoch {Epoch}) to {Next}.", NodeName, shard, epoch, nextOwner ?? "nobody");
            try
            {
                await _context.Refresher.RefreshAsync(cancellationToken).ConfigureAwait(false); // so that View shows the release on return
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                _context.Refresher.Request();
            }
        }
        else
        {
            _context.Logger.LogInformation("Cluster node {Node} could not release shard {Shard} at epoch {Epoch}: the hand-off is no longer pending.", NodeName, shard, epoch);
        }

        return released;
    }

    /// <summary>
    /// Leaves gracefully: marks this node leaving (it stops receiving shards and the coordinator hands its shards off;
    /// release each as the view asks), waits until it owns none, then deregisters and stops. If canceled, the node stays
    /// leaving; disposing it then makes the others take over its remaining shards after the failure timeout.
    /// </summary>
    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!_context.TryMove(MembershipPhase.Up, MembershipPhase.Leaving) && _context.Phase != MembershipPhase.Leaving)
        {
            throw new InvalidOperationException($"Cluster node {NodeName} cannot leave: it is {_context.Phase.ToString().ToLowerInvariant()}.");
        }

        await using (NpgsqlConnection connection = await ClusterCommands.OpenAsync(_context.Connections.Pool, cancellationToken).ConfigureAwait(false))
        {
            await ClusterTransaction.RunAsync(connection, _context.Sql, async (transaction, _) =>
            {
                int marked = await ClusterCommands.ExecuteAsync(connection, transaction, _context.Sql.Leave, cancellationToken, NodeName, Incarnation).ConfigureAwait(false);
                return (marked, marked == 1);
            }, cancellationToken).ConfigureAwait(false);
        }

        _context.Logger.LogInformation("Cluster node {Node} is leaving; its shards are being handed off.", NodeName);
        _context.WakeCoordinator();
        _context.Refresher.Request();

        string me = NodeName;
        Task<ClusterView> drained = WaitForViewAsync(
            view => !view.Shards.Any(s => string.Equals(s.Owner, me, StringComparison.Ordinal) || string.Equals(s.NextOwner, me, StringComparison.Ordinal)),
            cancellationToken); // fails with ObjectDisposedException if the node is disposed meanwhile
        if (await Task.WhenAny(drained, _context.Expelled).ConfigureAwait(false) != drained)
        {
            return; // expelled meanwhile: it owns nothing and is no member to deregister
        }

        await drained.ConfigureAwait(false);
        if (!_context.TryMove(MembershipPhase.Leaving, MembershipPhase.Left))
        {
            return;
        }

        await using (NpgsqlConnection connection = await ClusterCommands.OpenAsync(_context.Connections.Pool, cancellationToken).ConfigureAwait(false))
        {
            await ClusterTransaction.RunAsync(connection, _context.Sql, async (transaction, meta) =>
            {
                await ClusterCommands.ExecuteAsync(connection, transaction, _context.Sql.Deregister, cancellationToken, NodeName, Incarnation).ConfigureAwait(false);
                if (meta.Coordinator == NodeName)
                {
                    await ClusterCommands.ExecuteAsync(connection, transaction, _context.Sql.Abdicate, cancellationToken, NodeName).ConfigureAwait(false);
                }

                return (true, true);
            }, cancellationToken).ConfigureAwait(false);
        }

        _context.MemberLease.Revoke();
        _context.WakeCoordinator(); // steps down, releasing the lock for the others
        _context.Logger.LogInformation("Cluster node {Node} left the cluster.", NodeName);
    }

    /// <summary>Stops heartbeating, listening and coordinating, and closes the node's sessions, without leaving.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _context.Gate.Reopen();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loops.ConfigureAwait(false);
        await _context.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>For tests: freezes the node's background work, with its sessions left open, as SIGSTOP would.</summary>
    internal void Pause() => _context.Gate.Close();

    /// <summary>For tests: lets a paused node carry on, as SIGCONT would.</summary>
    internal void Resume() => _context.Gate.Reopen();

    private async Task RunLoopAsync(string name, Func<Task> loop)
    {
        try
        {
            await loop().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A bug, not a database failure (the loops handle those): leave a trace rather than dying silently.
            _context.Logger.LogError(e, "The cluster {Loop} loop of {Node} failed.", name, NodeName);
        }
    }
}
