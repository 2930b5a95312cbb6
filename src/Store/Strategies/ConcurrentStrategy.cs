using System.Collections.Concurrent;

namespace Actors.Store.Strategies;

/// <summary>
/// <c>concurrent</c>: a <see cref="ConcurrentDictionary{TKey, TValue}"/> — the usual .NET answer, close to
/// Go's <c>sync.Map</c>. Reads take no lock; writes lock one bucket group. Increments use
/// <c>AddOrUpdate</c> (its update function may run more than once under contention, which is harmless
/// because it is pure); deletes and compare-and-set use compare-exchange loops so the version rules hold.
/// </summary>
public sealed class ConcurrentStrategy : SynchronousStrategy
{
    private readonly ConcurrentDictionary<string, VersionedValue> _entries = new(StringComparer.Ordinal);

    public override string Name => StrategyNames.Concurrent;

    protected override ReadResult Get(string key) =>
        _entries.TryGetValue(key, out var entry) ? entry.ToReadResult() : ReadResult.Missing;

    protected override long Set(string key, byte[] value) =>
        _entries.AddOrUpdate(
            key,
            static (_, value) => new VersionedValue(value, 1),
            static (_, current, value) => current.With(value),
            value).Version;

    protected override CounterResult Increment(string key, long delta)
    {
        var written = _entries.AddOrUpdate(
            key,
            static (_, delta) => new VersionedValue(CounterValue.Encode(delta), 1),
            static (key, current, delta) => current.Incremented(key, delta, out _),
            delta);

        // The update function's result is the only trustworthy record of what was written: decode it.
        return new CounterResult(CounterValue.Decode(written.Value, key), written.Version);
    }

    protected override bool Delete(string key)
    {
        while (_entries.TryGetValue(key, out var current))
        {
            if (!current.IsPresent)
            {
                return false;
            }

            if (_entries.TryUpdate(key, current.Deleted(), current))
            {
                return true;
            }
        }

        return false;
    }

    protected override CasResult CompareAndSet(string key, long expectedVersion, byte[] value)
    {
        while (true)
        {
            if (!_entries.TryGetValue(key, out var current))
            {
                if (expectedVersion != 0)
                {
                    return new CasResult(false, 0);
                }

                if (_entries.TryAdd(key, new VersionedValue(value, 1)))
                {
                    return new CasResult(true, 1);
                }

                continue;
            }

            if (!current.Matches(expectedVersion))
            {
                return new CasResult(false, current.Version);
            }

            var next = current.With(value);
            if (_entries.TryUpdate(key, next, current))
            {
                return new CasResult(true, next.Version);
            }
        }
    }

    protected override IReadOnlyList<KeyValueEntry> Scan(string prefix, int limit)
    {
        // Enumeration takes no lock and sees a moving map: entries may come and go while it runs.
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

    /// <summary>Counts present entries by enumeration (tombstones are entries too), so this is O(n).</summary>
    protected override long Count()
    {
        long count = 0;
        foreach (var (_, entry) in _entries)
        {
            if (entry.IsPresent)
            {
                count++;
            }
        }

        return count;
    }

    protected override void Clear()
    {
        foreach (var key in _entries.Keys)
        {
            Delete(key);
        }
    }
}
