namespace Actors.Store.Cluster;

/// <summary>A shard as the coordinator's round sees it.</summary>
/// <param name="Ownership">The shard's row.</param>
/// <param name="HandOffExpired">Handing off for longer than <c>rebalance.hand-off-timeout</c>, by the database's clock.</param>
/// <param name="Resting">A hand-off of it was cancelled less than a hand-off timeout ago: it is not rebalanced meanwhile.</param>
internal sealed record ShardRow(ShardOwnership Ownership, bool HandOffExpired, bool Resting = false);
