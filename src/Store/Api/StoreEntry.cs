namespace Actors.Store;

/// <summary>A live key: its value, its version (strictly increasing per key), and its expiry and content type if set.</summary>
public sealed record StoreEntry(string Key, ReadOnlyMemory<byte> Value, long Version, DateTimeOffset? ExpiresAt, string? ContentType);
