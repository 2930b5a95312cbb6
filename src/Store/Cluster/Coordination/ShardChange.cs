namespace Actors.Store.Cluster;

/// <summary>A change the coordinator makes to one shard, and why.</summary>
/// <param name="Before">The shard as the round read it.</param>
/// <param name="After">The shard as the round leaves it.</param>
/// <param name="Reason">Why, for the log.</param>
/// <param name="Rest">A hand-off of it was cancelled: it is not rebalanced again for a hand-off timeout.</param>
internal sealed record ShardChange(ShardOwnership Before, ShardOwnership After, string Reason, bool Rest = false)
{
    public override string ToString() => $"{Before} => {After}: {Reason}";
}
