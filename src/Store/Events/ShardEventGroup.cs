namespace Actors.Store.Events;

/// <summary>
/// One journal event that holds every change a shard made while its previous write was in flight (its group commit):
/// the shard persists one of these per round trip to the journal, not one row per write, and replays them in order.
/// </summary>
internal sealed record ShardEventGroup(IReadOnlyList<ShardEvent> Events);

/// <summary>A shard's snapshot, encoded when it was taken (the state goes on changing while the store writes it).</summary>
internal sealed record ShardSnapshot(byte[] Encoded);

/// <summary>
/// The one event of the store's manifest: how many shards the data was written with, and by which key hash (both
/// decide which shard holds a key, so neither may change for the life of the data).
/// </summary>
internal sealed record StoreShape(int Shards, string HashFunction)
{
    /// <summary>The key hash of this build (<see cref="Sharding.StableHash"/>).</summary>
    public const string CurrentHashFunction = "fnv1a64-splitmix64-v1";
}
