namespace Actors.Store.Shards;

/// <summary>
/// One key's slot in a shard's dictionary, stored inline (a struct) to keep the per-key overhead small. A
/// <see langword="null"/> <see cref="Value"/> is a tombstone: the key was deleted at <see cref="Version"/>, and a
/// re-created key continues from there.
/// </summary>
internal readonly record struct Entry(byte[]? Value, long Version, long ExpiresAtMs, string? ContentType, long DeletedAtMs)
{
    public bool IsTombstone => Value is null;

    /// <summary>Live: not a tombstone and not expired at <paramref name="nowMs"/>.</summary>
    public bool IsLiveAt(long nowMs) => Value is not null && (ExpiresAtMs == 0 || ExpiresAtMs > nowMs);
}
