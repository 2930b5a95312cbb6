namespace Actors.Store.Cluster;

/// <summary>Why a node could not join its cluster.</summary>
public enum ClusterJoinFailure
{
    /// <summary>The cluster's PostgreSQL could not be reached, or did not answer within <c>cluster.join-timeout</c>.</summary>
    Unreachable,

    /// <summary>The cluster's schema holds tables this build cannot use.</summary>
    UnusableSchema,

    /// <summary>A live member already has this node's name.</summary>
    DuplicateNodeName,

    /// <summary>The cluster was created with another shard count.</summary>
    ShardCountMismatch,
}
