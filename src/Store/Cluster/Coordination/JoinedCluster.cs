namespace Actors.Store.Cluster;

/// <summary>What joining established: this incarnation, the coordinator lock's key, the first view, and when the lease began.</summary>
internal sealed record JoinedCluster(Guid Incarnation, long LockKey, ClusterView View, long RegisteredAt);
