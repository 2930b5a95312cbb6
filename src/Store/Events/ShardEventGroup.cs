namespace Actors.Store.Events;

/// <summary>
/// One journal event that holds every change a shard made while its previous write was in flight (its group commit):
/// the shard persists one of these per round trip to the journal, not one row per write, and replays them in order.
/// </summary>
internal sealed record ShardEventGroup(IReadOnlyList<ShardEvent> Events);

/// <summary>A shard's snapshot, encoded when it was taken (the state goes on changing while the store writes it).</summary>
internal sealed record ShardSnapshot(byte[] Encoded);

/// <summary>The one event of the store's manifest: how many shards the data was written with.</summary>
internal sealed record StoreShape(int Shards);
