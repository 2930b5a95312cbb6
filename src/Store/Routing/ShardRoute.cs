namespace Actors.Store.Routing;

/// <summary>Where requests for one shard go right now. Routes are immutable; a shard's route is swapped whole.</summary>
internal abstract record ShardRoute
{
    /// <summary>The shard is hosted here: requests go to its actor.</summary>
    public sealed record Local(IActorRef Actor, long Epoch) : ShardRoute;

    /// <summary>The shard is hosted by another node: requests are forwarded to it.</summary>
    public sealed record Remote(ShardOwner Owner) : ShardRoute;

    /// <summary>
    /// The shard is moving, starting, or its owner is unknown: requests wait here, in arrival order, up to a bound,
    /// and continue on the route that replaces this one.
    /// </summary>
    public sealed record Pending(ShardBuffer Buffer, string Reason) : ShardRoute;
}
