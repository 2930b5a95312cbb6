namespace Actors.Store.Cluster;

/// <summary>Where a member is in its life in the cluster.</summary>
public enum MemberStatus
{
    /// <summary>Heartbeating; may own shards and receive more.</summary>
    Up,

    /// <summary>Leaving gracefully: its shards are handed off, it receives none.</summary>
    Leaving,

    /// <summary>Its heartbeat is older than the failure timeout: its shards have been (or are being) reassigned.</summary>
    Down,
}
