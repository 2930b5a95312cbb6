using Actors.Store.Shards;
using Actors.Store.Client;
namespace Actors.Store.OwnRuntime;

/// <summary>
/// The messages a shard actor understands, and its replies. Every request carries only data the shard owns after
/// receipt (values are copied by the client), so nothing shared is mutated across threads.
/// </summary>
internal static partial class ShardProtocol
{
    public sealed record Get(string Key);

    public sealed record GetReply(StoreEntry? Entry);

    public sealed record Set(string Key, byte[] Value, SetOptions? Options);

    public sealed record Delete(string Key, long? ExpectedVersion);

    public sealed record Increment(string Key, long By);

    public sealed record GetMany(IReadOnlyList<string> Keys);

    public sealed record GetManyReply(StoreEntry?[] Entries);

    public sealed record SetMany(IReadOnlyList<KeyValuePair<string, byte[]>> Items);

    public sealed record SetManyReply(WriteResult[] Results);

    public sealed record Batch(IReadOnlyList<BatchOperation> Operations);

    public sealed record Scan(string Prefix, string? AfterKey, int Limit, bool IncludeValues);

    public sealed record ScanReply(IReadOnlyList<StoreEntry> Entries, bool More);

    public sealed record Count
    {
        public static readonly Count Instance = new();
    }

    public sealed record Stats
    {
        public static readonly Stats Instance = new();
    }

    /// <summary>Replied to once every write enqueued before it is applied and durable.</summary>
    public sealed record Flush
    {
        public static readonly Flush Instance = new();
    }

    /// <summary>
    /// Before the shard moves to another node: replied to with <see cref="Flushed"/> once every write enqueued before it
    /// is durable and, if much was written since the last snapshot, a snapshot is saved so that the next owner recovers fast.
    /// </summary>
    public sealed record PrepareHandOff
    {
        public static readonly PrepareHandOff Instance = new();
    }

    public sealed record Flushed
    {
        public static readonly Flushed Instance = new();
    }

    /// <summary>Fire-and-forget writes: applied like the others, never answered.</summary>
    public sealed record PostedSet(string Key, byte[] Value);

    public sealed record PostedIncrement(string Key, long By);

    public readonly record struct PostedOperation(string Key, byte[]? Value, long By);

    /// <summary>Applies a fire-and-forget write and answers <see cref="Flushed"/> once it is durable (a post forwarded from another node).</summary>
    public sealed record Acknowledged(object Inner);

    /// <summary>Periodic: reclaim expired keys and old tombstones.</summary>
    public sealed record Sweep
    {
        public static readonly Sweep Instance = new();
    }
}
