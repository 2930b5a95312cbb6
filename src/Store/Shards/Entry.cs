namespace Actors.Store.Shards;

/// <summary>
/// One key's slot in a shard's dictionary, stored inline (a 40-byte struct) to keep the per-key overhead small. A
/// <see langword="null"/> <see cref="Value"/> is a tombstone: the key was deleted at <see cref="Version"/>, and a
/// re-created key continues from there. <see cref="TimeMs"/> is the expiry of a live key (0: none) and the deletion
/// time of a tombstone — one field, since a slot is never both. <see cref="ValueLength"/> repeats the value's length
/// so that overwriting a key adjusts the shard's byte count without reading the old array, a cache miss per write
/// on a large shard.
/// </summary>
internal readonly record struct Entry(byte[]? Value, long Version, long TimeMs, string? ContentType, int ValueLength)
{
    public static Entry Live(byte[] value, long version, long expiresAtMs, string? contentType) => new(value, version, expiresAtMs, contentType, value.Length);

    public static Entry Tombstone(long version, long deletedAtMs) => new(null, version, deletedAtMs, null, 0);

    public bool IsTombstone => Value is null;

    /// <summary>When a live key expires (Unix ms), or 0.</summary>
    public long ExpiresAtMs => Value is null ? 0 : TimeMs;

    /// <summary>When a tombstone's key was deleted (Unix ms).</summary>
    public long DeletedAtMs => Value is null ? TimeMs : 0;

    /// <summary>Live: not a tombstone and not expired at <paramref name="nowMs"/>.</summary>
    public bool IsLiveAt(long nowMs) => Value is not null && (TimeMs == 0 || TimeMs > nowMs);
}
