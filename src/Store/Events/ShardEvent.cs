namespace Actors.Store.Events;

/// <summary>
/// What a shard journals: the facts that rebuild its dictionary on recovery. Each carries the version it gave the key
/// and the time it happened (Unix milliseconds), so that replay reproduces versions and expiries exactly.
/// </summary>
internal abstract record ShardEvent(string Key, long Version, long TimestampMs);

/// <summary>A key was written (set, compare-and-set, increment, batch step).</summary>
internal sealed record EntryWritten(string Key, byte[] Value, long Version, long TimestampMs, long ExpiresAtMs, string? ContentType)
    : ShardEvent(Key, Version, TimestampMs);

/// <summary>A key was deleted; it leaves a tombstone that keeps its version.</summary>
internal sealed record EntryDeleted(string Key, long Version, long TimestampMs) : ShardEvent(Key, Version, TimestampMs);
