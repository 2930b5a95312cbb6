namespace Actors.Store;

/// <summary>
/// One page of a prefix scan, in shard order and, within a shard, key order. <see cref="Cursor"/> continues the scan;
/// <see langword="null"/> means it is complete. Each shard's part of a page is a consistent reading of that shard.
/// </summary>
public sealed record ScanPage(IReadOnlyList<StoreEntry> Entries, string? Cursor);
