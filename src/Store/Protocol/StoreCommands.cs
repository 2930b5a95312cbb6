namespace Actors.Store.Protocol;

/// <summary>
/// A command for a shard of the store. An Akka.NET application may <c>Ask</c> the store's entry
/// (<see cref="ActorStateStore.Entry"/>) with any of these and gets the reply named on each, or
/// <c>Status.Failure</c> with a <see cref="StoreException"/> (bad key, version mismatch in a batch, not an integer,
/// overloaded). Replies leave only once what they report is durable. Keys are validated by the shard as by the client.
/// </summary>
public interface IStoreCommand;

/// <summary>A command about one key: the key decides its shard (<see cref="Sharding.StableHash"/>, hash tags).</summary>
public interface IKeyedCommand : IStoreCommand
{
    string Key { get; }
}

/// <summary>A command for one shard as a whole (scan, count, stats, flush).</summary>
public interface IShardScopedCommand : IStoreCommand
{
    int Shard { get; }
}

/// <summary>Reads a key. Reply: <see cref="GetReply"/>.</summary>
public sealed record Get(string Key) : IKeyedCommand;

/// <summary>Writes a key, optionally only at an expected version. Reply: <see cref="WriteResult"/>.</summary>
public sealed record Set(string Key, byte[] Value, SetOptions? Options = null) : IKeyedCommand;

/// <summary>Deletes a key, optionally only at an expected version. Reply: <see cref="DeleteResult"/>.</summary>
public sealed record Delete(string Key, long? ExpectedVersion = null) : IKeyedCommand;

/// <summary>Adds to an integer value (a missing key counts as 0). Reply: <see cref="IncrementResult"/>.</summary>
public sealed record Increment(string Key, long By = 1) : IKeyedCommand;

/// <summary>Reads several keys of one shard (the first key decides it). Reply: <see cref="GetManyReply"/>.</summary>
public sealed record GetMany(IReadOnlyList<string> Keys) : IKeyedCommand
{
    public string Key => Keys.Count > 0 ? Keys[0] : string.Empty;
}

/// <summary>Writes several keys of one shard, each on its own. Reply: <see cref="SetManyReply"/>.</summary>
public sealed record SetMany(IReadOnlyList<KeyValuePair<string, byte[]>> Items) : IKeyedCommand
{
    public string Key => Items.Count > 0 ? Items[0].Key : string.Empty;
}

/// <summary>All or nothing within one shard. Reply: <see cref="BatchResult"/>.</summary>
public sealed record Batch(IReadOnlyList<BatchOperation> Operations) : IKeyedCommand
{
    public string Key => Operations.Count > 0 ? Operations[0].Key : string.Empty;
}

/// <summary>Fire-and-forget write: no reply (a refusal is logged by the shard).</summary>
public sealed record PostSet(string Key, byte[] Value) : IKeyedCommand;

/// <summary>Fire-and-forget increment: no reply.</summary>
public sealed record PostIncrement(string Key, long By = 1) : IKeyedCommand;

/// <summary>Live keys of one shard with a prefix, after a key, in ordinal order. Reply: <see cref="ScanReply"/>.</summary>
public sealed record Scan(int Shard, string Prefix, string? AfterKey, int Limit, bool IncludeValues) : IShardScopedCommand;

/// <summary>Live keys in one shard. Reply: <see cref="long"/>.</summary>
public sealed record Count(int Shard) : IShardScopedCommand;

/// <summary>One shard's figures. Reply: <see cref="ShardStats"/>.</summary>
public sealed record GetStats(int Shard) : IShardScopedCommand;

/// <summary>Completes once everything the shard accepted before it is durable. Reply: <see cref="Flushed"/>.</summary>
public sealed record Flush(int Shard) : IShardScopedCommand;

/// <summary>The reply to <see cref="Get"/>: the entry, or null when the key is missing, deleted or expired.</summary>
public sealed record GetReply(StoreEntry? Entry);

/// <summary>The reply to <see cref="GetMany"/>, in the order of the keys.</summary>
public sealed record GetManyReply(IReadOnlyList<StoreEntry?> Entries);

/// <summary>The reply to <see cref="SetMany"/>, in the order of the items.</summary>
public sealed record SetManyReply(IReadOnlyList<WriteResult> Results);

/// <summary>The reply to <see cref="Scan"/>: <paramref name="More"/> tells whether the shard holds further matches.</summary>
public sealed record ScanReply(IReadOnlyList<StoreEntry> Entries, bool More);

/// <summary>The reply to <see cref="Flush"/>.</summary>
public sealed record Flushed
{
    public static readonly Flushed Instance = new();
}
