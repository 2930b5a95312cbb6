using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Actors.Store.Events;

namespace Actors.Store.Shards;

/// <summary>
/// The dictionary of one shard and every rule about it, with no actor in sight: commands are decided into events,
/// events are applied, queries read. Only the shard actor calls it, one message at a time, so it needs no locks.
/// Time comes in as Unix milliseconds, so tests control it.
/// </summary>
internal sealed class ShardState
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _liveBytes;
    private long _liveCount;
    private long _tombstones;
    private long _withExpiry;

    /// <summary>Versions of re-created keys never go below this: it rises when tombstones are reclaimed.</summary>
    public long VersionFloor { get; private set; }

    public long LiveCount => _liveCount;

    public long LiveBytes => _liveBytes;

    public long Tombstones => _tombstones;

    public IEnumerable<KeyValuePair<string, Entry>> AllEntries => _entries;

    public StoreEntry? Get(string key, long nowMs) =>
        _entries.TryGetValue(key, out var entry) && entry.IsLiveAt(nowMs) ? ToStoreEntry(key, entry) : null;

    /// <summary>Live keys at <paramref name="nowMs"/> (excludes expired keys the sweep has not reclaimed yet).</summary>
    public long CountLive(long nowMs)
    {
        if (_withExpiry == 0)
        {
            return _liveCount;
        }

        long expired = 0;
        foreach (var entry in _entries.Values)
        {
            if (entry.Value is not null && entry.ExpiresAtMs != 0 && entry.ExpiresAtMs <= nowMs)
            {
                expired++;
            }
        }

        return _liveCount - expired;
    }

    /// <summary>The version a key has now for compare-and-set purposes: 0 when missing, expired or deleted.</summary>
    public long CurrentVersion(string key, long nowMs) =>
        _entries.TryGetValue(key, out var entry) && entry.IsLiveAt(nowMs) ? entry.Version : 0;

    public (WriteResult Result, EntryWritten? Event) DecideSet(string key, byte[] value, SetOptions? options, long nowMs)
    {
        var current = CurrentVersion(key, nowMs);
        if (options?.ExpectedVersion is { } expected && expected != current)
        {
            return (WriteResult.Mismatch(current), null);
        }

        var version = NextVersion(key);
        var expiresAt = options?.Ttl is { } ttl ? nowMs + Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds)) : 0;
        return (WriteResult.Written(version, created: current == 0), new EntryWritten(key, value, version, nowMs, expiresAt, options?.ContentType));
    }

    public (DeleteResult Result, EntryDeleted? Event) DecideDelete(string key, long? expectedVersion, long nowMs)
    {
        var current = CurrentVersion(key, nowMs);
        if (current == 0 || (expectedVersion is { } expected && expected != current))
        {
            return (new DeleteResult(false, current != 0, current), null);
        }

        var version = NextVersion(key);
        return (new DeleteResult(true, true, version), new EntryDeleted(key, version, nowMs));
    }

    public (IncrementResult Result, EntryWritten Event) DecideIncrement(string key, long by, long nowMs)
    {
        long value = 0;
        var keepExpiry = 0L;
        string? contentType = null;
        if (_entries.TryGetValue(key, out var entry) && entry.IsLiveAt(nowMs))
        {
            value = ParseInteger(key, entry.Value!);
            keepExpiry = entry.ExpiresAtMs;
            contentType = entry.ContentType;
        }

        long next;
        try
        {
            next = checked(value + by);
        }
        catch (OverflowException)
        {
            throw new NotAnIntegerException(key, $"{value} + {by} overflows a 64-bit integer.");
        }

        var version = NextVersion(key);
        return (new IncrementResult(next, version), new EntryWritten(key, FormatInteger(next), version, nowMs, keepExpiry, contentType));
    }

    /// <summary>
    /// An unconditional write in one dictionary lookup, for the hot path: the caller needs no decision step because
    /// nothing can refuse it. Returns the new version and whether the key was created.
    /// </summary>
    public long WriteInPlace(string key, byte[] value, long expiresAtMs, string? contentType, long nowMs, out bool created)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out var existed);
        var version = Math.Max(existed ? slot.Version : 0, VersionFloor) + 1;
        created = !existed || !slot.IsLiveAt(nowMs);
        if (existed && slot.Value is not null && slot.TimeMs == 0 && expiresAtMs == 0)
        {
            // The common overwrite: only the value's size changes the figures.
            _liveBytes += value.Length - slot.ValueLength;
            slot = Entry.Live(value, version, 0, contentType);
            return version;
        }

        if (existed)
        {
            Forget(key, slot);
        }

        slot = Entry.Live(value, version, expiresAtMs, contentType);
        Count(key, slot);
        return version;
    }

    /// <summary>An increment in one dictionary lookup (see <see cref="WriteInPlace"/>); returns the new value.</summary>
    public long IncrementInPlace(string key, long by, long nowMs, out long version)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out var existed);
        long current = 0;
        var expiresAt = 0L;
        string? contentType = null;
        if (existed && slot.IsLiveAt(nowMs))
        {
            current = ParseInteger(key, slot.Value!);
            expiresAt = slot.ExpiresAtMs;
            contentType = slot.ContentType;
        }
        else if (!existed)
        {
            // Leave no empty slot behind if the checks below throw.
            slot = Entry.Tombstone(0, nowMs);
            _tombstones++;
        }

        long next;
        try
        {
            next = checked(current + by);
        }
        catch (OverflowException)
        {
            throw new NotAnIntegerException(key, $"{current} + {by} overflows a 64-bit integer.");
        }

        Forget(key, slot);
        version = Math.Max(slot.Version, VersionFloor) + 1;
        slot = Entry.Live(FormatInteger(next), version, expiresAt, contentType);
        Count(key, slot);
        return next;
    }

    /// <summary>Applies an event: from a command just decided, or from the journal during recovery.</summary>
    public void Apply(ShardEvent evt)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, evt.Key, out var existed);
        if (existed)
        {
            Forget(evt.Key, slot);
        }

        slot = evt switch
        {
            EntryWritten written => Entry.Live(written.Value, written.Version, written.ExpiresAtMs, written.ContentType),
            EntryDeleted deleted => Entry.Tombstone(deleted.Version, deleted.TimestampMs),
            _ => throw new ArgumentException($"Unknown shard event {evt.GetType().Name}.", nameof(evt)),
        };
        Count(evt.Key, slot);
    }

    /// <summary>Puts a key back exactly as it was (undoing a batch step that was applied in memory only).</summary>
    public void Restore(string key, Entry? previous)
    {
        if (_entries.Remove(key, out var current))
        {
            Forget(key, current);
        }

        if (previous is { } entry)
        {
            _entries[key] = entry;
            Count(key, entry);
        }
    }

    public Entry? Peek(string key) => _entries.TryGetValue(key, out var entry) ? entry : null;

    /// <summary>
    /// Turns expired keys into tombstones (they keep their version) and reclaims tombstones older than
    /// <paramref name="tombstoneRetentionMs"/>, raising the version floor so re-created keys still go up.
    /// Returns how many keys were reclaimed from memory.
    /// </summary>
    public int Sweep(long nowMs, long tombstoneRetentionMs)
    {
        List<string>? expired = null;
        List<string>? reclaim = null;
        foreach (var (key, entry) in _entries)
        {
            if (entry.Value is not null && entry.ExpiresAtMs != 0 && entry.ExpiresAtMs <= nowMs)
            {
                (expired ??= []).Add(key);
            }
            else if (entry.Value is null && nowMs - entry.DeletedAtMs >= tombstoneRetentionMs)
            {
                (reclaim ??= []).Add(key);
            }
        }

        foreach (var key in expired ?? [])
        {
            var entry = _entries[key];
            Restore(key, Entry.Tombstone(entry.Version, entry.ExpiresAtMs));
        }

        foreach (var key in reclaim ?? [])
        {
            var entry = _entries[key];
            VersionFloor = Math.Max(VersionFloor, entry.Version);
            Restore(key, null);
        }

        return (expired?.Count ?? 0) + (reclaim?.Count ?? 0);
    }

    /// <summary>
    /// Live keys with <paramref name="prefix"/> strictly after <paramref name="afterKey"/>, in ordinal order, at most
    /// <paramref name="limit"/>; <paramref name="more"/> tells whether the shard holds further matches.
    /// </summary>
    public List<StoreEntry> Scan(string prefix, string? afterKey, int limit, bool includeValues, long nowMs, out bool more)
    {
        var matches = new List<KeyValuePair<string, Entry>>();
        foreach (var pair in _entries)
        {
            if (pair.Value.IsLiveAt(nowMs) &&
                pair.Key.StartsWith(prefix, StringComparison.Ordinal) &&
                (afterKey is null || string.CompareOrdinal(pair.Key, afterKey) > 0))
            {
                matches.Add(pair);
            }
        }

        matches.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        more = matches.Count > limit;
        var page = new List<StoreEntry>(Math.Min(limit, matches.Count));
        foreach (var (key, entry) in matches.Take(limit))
        {
            page.Add(includeValues ? ToStoreEntry(key, entry) : new StoreEntry(key, ReadOnlyMemory<byte>.Empty, entry.Version, ExpiryOf(entry), entry.ContentType));
        }

        return page;
    }

    /// <summary>Replaces the whole state with a snapshot's.</summary>
    public void Load(IEnumerable<KeyValuePair<string, Entry>> entries, long versionFloor)
    {
        _entries.Clear();
        _liveBytes = _liveCount = _tombstones = _withExpiry = 0;
        foreach (var (key, entry) in entries)
        {
            _entries[key] = entry;
            Count(key, entry);
        }

        VersionFloor = versionFloor;
    }

    private long NextVersion(string key) =>
        (_entries.TryGetValue(key, out var entry) ? Math.Max(entry.Version, VersionFloor) : VersionFloor) + 1;

    private void Count(string key, in Entry entry)
    {
        if (entry.Value is null)
        {
            _tombstones++;
            return;
        }

        _liveCount++;
        _liveBytes += Encoding.UTF8.GetByteCount(key) + entry.ValueLength;
        if (entry.ExpiresAtMs != 0)
        {
            _withExpiry++;
        }
    }

    private void Forget(string key, in Entry entry)
    {
        if (entry.Value is null)
        {
            _tombstones--;
            return;
        }

        _liveCount--;
        _liveBytes -= Encoding.UTF8.GetByteCount(key) + entry.ValueLength;
        if (entry.ExpiresAtMs != 0)
        {
            _withExpiry--;
        }
    }

    private static byte[] FormatInteger(long value)
    {
        Span<byte> buffer = stackalloc byte[20];
        value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        return buffer[..written].ToArray();
    }

    private static long ParseInteger(string key, byte[] value)
    {
        if (value.Length is 0 or > 20 ||
            !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            var shown = value.Length <= 32 ? Encoding.UTF8.GetString(value) : Encoding.UTF8.GetString(value, 0, 32) + "…";
            throw new NotAnIntegerException(key, $"its value \"{shown}\" is not an integer.");
        }

        return number;
    }

    private static StoreEntry ToStoreEntry(string key, in Entry entry) =>
        new(key, entry.Value, entry.Version, ExpiryOf(entry), entry.ContentType);

    private static DateTimeOffset? ExpiryOf(in Entry entry) =>
        entry.ExpiresAtMs == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(entry.ExpiresAtMs);
}
