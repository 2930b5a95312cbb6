namespace Actors.Store.Shards;

/// <summary>What a shard actor needs to know of the store's settings.</summary>
internal sealed record ShardSettings(
    int Shards,
    int MaxKeyBytes,
    int MaxValueBytes,
    bool Journaled,
    int MaxPendingEvents,
    int SnapshotEvery,
    TimeSpan SweepInterval,
    TimeSpan TombstoneRetention,
    string JournalPluginId,
    string SnapshotPluginId);
