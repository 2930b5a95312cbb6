namespace Actors.Store.Cluster;

/// <summary>The <c>cluster_meta</c> row as a change transaction locked it.</summary>
internal readonly record struct ClusterMeta(int ShardCount, long Version, string? Coordinator, long CoordinatorTerm);
