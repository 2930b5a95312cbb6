namespace Actors.Store.Cluster;

/// <summary>Where a shard is in its ownership.</summary>
public enum ShardOwnershipState
{
    /// <summary>No owner (no member is up, or the cluster is new); nobody may write it.</summary>
    Unassigned,

    /// <summary>Owned by <see cref="ShardOwnership.Owner"/> at <see cref="ShardOwnership.Epoch"/>.</summary>
    Assigned,

    /// <summary>
    /// Still owned by <see cref="ShardOwnership.Owner"/>, which must flush it, stop it, and release it to
    /// <see cref="ShardOwnership.NextOwner"/> (<see cref="ClusterNode.ReleaseShardAsync"/>).
    /// </summary>
    HandingOff,
}
