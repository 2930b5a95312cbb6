namespace Actors.Store;

/// <summary>Figures of one shard.</summary>
public sealed record ShardStats(
    int Shard,
    long Keys,
    long Bytes,
    int MailboxDepth,
    long MessagesProcessed,
    long JournalPosition,
    long Tombstones);

/// <summary>Figures of the whole store.</summary>
public sealed record StoreStats(IReadOnlyList<ShardStats> Shards, string Durability)
{
    /// <summary>Live keys in all shards.</summary>
    public long Keys => Shards.Sum(s => s.Keys);

    /// <summary>Bytes of keys and values in all shards.</summary>
    public long Bytes => Shards.Sum(s => s.Bytes);
}
