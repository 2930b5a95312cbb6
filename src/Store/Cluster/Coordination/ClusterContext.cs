using Microsoft.Extensions.Logging;

namespace Actors.Store.Cluster;

/// <summary>What a node's background loops share: settings, connections, the view, the lease and the membership phase.</summary>
internal sealed class ClusterContext : IAsyncDisposable
{
    private readonly TaskCompletionSource<string> _expelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _phase = (int)MembershipPhase.Up;

    public ClusterContext(
        ClusterSettings settings,
        int shardCount,
        ClusterConnections connections,
        Guid incarnation,
        long lockKey,
        ClusterView initialView,
        ILogger logger)
    {
        Settings = settings;
        ShardCount = shardCount;
        Connections = connections;
        Sql = new ClusterSql(settings.Schema);
        Incarnation = incarnation;
        LockKey = lockKey;
        Logger = logger;
        Views = new ViewPublisher(initialView, logger);
        Refresher = new ViewRefresher(this);

        // A margin under the failure timeout for the clock rates of two hosts and for steps of the database's clock.
        LeaseDuration = settings.FailureTimeout * 0.9;
        MemberLease = new Lease(LeaseDuration);
    }

    public ClusterSettings Settings { get; }

    public string NodeName => Settings.NodeName;

    public int ShardCount { get; }

    public ClusterConnections Connections { get; }

    public ClusterSql Sql { get; }

    public Guid Incarnation { get; }

    /// <summary>The coordinator's advisory lock: unique to this cluster's schema in the database.</summary>
    public long LockKey { get; }

    public ILogger Logger { get; }

    public ViewPublisher Views { get; }

    public ViewRefresher Refresher { get; }

    public TimeSpan LeaseDuration { get; }

    /// <summary>Renewed by every heartbeat: while it holds, no other node can have been given this node's shards.</summary>
    public Lease MemberLease { get; }

    public PauseGate Gate { get; } = new();

    /// <summary>Asks the coordinator loop to run a round (or campaign) now; set by the coordinator.</summary>
    public Action WakeCoordinator { get; set; } = static () => { };

    public MembershipPhase Phase => (MembershipPhase)Volatile.Read(ref _phase);

    /// <summary>Whether this incarnation is still a member (up or leaving).</summary>
    public bool IsMember => Phase is MembershipPhase.Up or MembershipPhase.Leaving;

    public Task<string> Expelled => _expelled.Task;

    /// <summary>Bounds one database operation of a loop, so that a dead network fails it rather than hangs it.</summary>
    public CancellationTokenSource StatementTimeout(CancellationToken stopping)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(Settings.FailureTimeout);
        return timeout;
    }

    /// <summary>Moves from <paramref name="from"/> to <paramref name="to"/>; false if the phase was another.</summary>
    public bool TryMove(MembershipPhase from, MembershipPhase to) =>
        Interlocked.CompareExchange(ref _phase, (int)to, (int)from) == (int)from;

    /// <summary>Publishes <paramref name="view"/> if it is newer, and checks this node is still in it.</summary>
    public void Publish(ClusterView view)
    {
        if (!Views.Publish(view))
        {
            return;
        }

        ClusterMember? self = view.Member(NodeName);
        if (Phase is MembershipPhase.Up or MembershipPhase.Leaving)
        {
            if (self is null)
            {
                Expel($"view {view.Version} no longer lists it (it was down for longer than cluster.down-member-retention)");
            }
            else if (self.Incarnation != Incarnation)
            {
                Expel($"view {view.Version} lists another incarnation ({self.Incarnation}) under its name: the node was restarted elsewhere");
            }
            else if (self.Status == MemberStatus.Down)
            {
                Expel($"view {view.Version} marks it down: its heartbeats stopped reaching the database for longer than cluster.failure-timeout");
            }
        }
    }

    /// <summary>This incarnation is no longer a member: it owns nothing and stops heartbeating and coordinating.</summary>
    public void Expel(string reason)
    {
        if (!TryMove(MembershipPhase.Up, MembershipPhase.Expelled) && !TryMove(MembershipPhase.Leaving, MembershipPhase.Expelled))
        {
            return;
        }

        MemberLease.Revoke();
        Logger.LogWarning(
            "Cluster node {Node} (incarnation {Incarnation}) was expelled: {Reason}. Its shards belong to other nodes now, and its journal writes are fenced off; " +
            "restart it to rejoin.",
            NodeName,
            Incarnation,
            reason);
        _expelled.TrySetResult(reason);
        WakeCoordinator();
    }

    public async ValueTask DisposeAsync()
    {
        await Refresher.DisposeAsync().ConfigureAwait(false);
        await Views.DisposeAsync().ConfigureAwait(false);
        await Connections.DisposeAsync().ConfigureAwait(false);
    }
}
