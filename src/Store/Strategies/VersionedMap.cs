using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Actors.Store.Strategies;

/// <summary>
/// The single-threaded core that the dictionary-based strategies share: a plain
/// <see cref="Dictionary{TKey, TValue}"/> of <see cref="VersionedValue"/> with the store's version rules.
/// It does no synchronisation at all; each strategy decides what (if anything) guards it.
/// </summary>
/// <remarks>
/// Updates go through <see cref="CollectionsMarshal"/> refs so that each operation hashes its key once — the
/// same single lookup a careful hand-written map would do — which keeps the comparison about synchronisation
/// rather than about lookups. Tombstones stay in the dictionary, so <see cref="Count"/> is tracked separately.
/// </remarks>
internal sealed class VersionedMap
{
    private readonly Dictionary<string, VersionedValue> _entries;
    private long _present;

    public VersionedMap(int capacity = 0) => _entries = new Dictionary<string, VersionedValue>(capacity, StringComparer.Ordinal);

    /// <summary>The dictionary itself, for integrity inspection of the unsynchronised baseline.</summary>
    public Dictionary<string, VersionedValue> Entries => _entries;

    public long Count => _present;

    public ReadResult Get(string key) =>
        _entries.TryGetValue(key, out var entry) ? entry.ToReadResult() : ReadResult.Missing;

    public long Set(string key, byte[] value)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out _);
        if (!slot.IsPresent)
        {
            _present++;
        }

        slot = slot.With(value);
        return slot.Version;
    }

    public CounterResult Increment(string key, long delta)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out _);
        var next = slot.Incremented(key, delta, out var value);
        if (!slot.IsPresent)
        {
            _present++;
        }

        slot = next;
        return new CounterResult(value, next.Version);
    }

    public bool Delete(string key)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, key);
        if (Unsafe.IsNullRef(ref slot) || !slot.IsPresent)
        {
            return false;
        }

        slot = slot.Deleted();
        _present--;
        return true;
    }

    public CasResult CompareAndSet(string key, long expectedVersion, byte[] value)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, key);
        if (Unsafe.IsNullRef(ref slot))
        {
            if (expectedVersion != 0)
            {
                return new CasResult(false, 0);
            }

            _entries.Add(key, new VersionedValue(value, 1));
            _present++;
            return new CasResult(true, 1);
        }

        if (!slot.Matches(expectedVersion))
        {
            return new CasResult(false, slot.Version);
        }

        if (!slot.IsPresent)
        {
            _present++;
        }

        slot = slot.With(value);
        return new CasResult(true, slot.Version);
    }

    public IReadOnlyList<KeyValueEntry> Scan(string prefix, int limit)
    {
        var found = new List<KeyValueEntry>(Math.Min(limit, 64));
        foreach (var (key, entry) in _entries)
        {
            if (found.Count >= limit)
            {
                break;
            }

            if (entry.Value is { } value && key.StartsWith(prefix, StringComparison.Ordinal))
            {
                found.Add(new KeyValueEntry(key, value, entry.Version));
            }
        }

        return found;
    }

    public void Clear()
    {
        // Versions survive a clear as tombstones, so a compare-and-set from before it cannot match afterwards.
        foreach (var key in _entries.Keys.ToArray())
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, key);
            if (!Unsafe.IsNullRef(ref slot) && slot.IsPresent)
            {
                slot = slot.Deleted();
            }
        }

        _present = 0;
    }
}
