namespace Actors.Store.Cluster;

/// <summary>Where this node's own incarnation is in its membership.</summary>
internal enum MembershipPhase
{
    /// <summary>A member: heartbeating, campaigning for coordinator, owning shards.</summary>
    Up,

    /// <summary>Handing its shards off before it deregisters; still heartbeating.</summary>
    Leaving,

    /// <summary>Deregistered (or deregistering) after a graceful leave.</summary>
    Left,

    /// <summary>Marked down, forgotten or replaced by a newer incarnation: it owns nothing and may not act as a member.</summary>
    Expelled,
}
