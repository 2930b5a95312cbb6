using System.Collections.Immutable;

namespace Actors.Store.Strategies;

/// <summary>
/// <c>cow</c>: an <see cref="ImmutableDictionary{TKey, TValue}"/> snapshot swapped with
/// <see cref="Interlocked.CompareExchange{T}(ref T, T, T)"/> — Go's <c>atomic.Value</c> holding an immutable
/// map. Readers never wait and always see a consistent snapshot; every write builds a new tree path and
/// retries when another writer got there first, so write-heavy or hot-key loads spin.
/// </summary>
public sealed class CopyOnWriteStrategy : SynchronousStrategy
{
    private Snapshot _snapshot = Snapshot.Empty;

    public override string Name => StrategyNames.CopyOnWrite;

    protected override ReadResult Get(string key) =>
        Volatile.Read(ref _snapshot).Entries.TryGetValue(key, out var entry) ? entry.ToReadResult() : ReadResult.Missing;

    protected override long Set(string key, byte[] value)
    {
        while (true)
        {
            var current = Volatile.Read(ref _snapshot);
            var entry = current.Entries.GetValueOrDefault(key);
            var next = entry.With(value);
            if (TrySwap(current, current.With(key, next, entry.IsPresent ? 0 : 1)))
            {
                return next.Version;
            }
        }
    }

    protected override CounterResult Increment(string key, long delta)
    {
        while (true)
        {
            var current = Volatile.Read(ref _snapshot);
            var entry = current.Entries.GetValueOrDefault(key);
            var next = entry.Incremented(key, delta, out var value);
            if (TrySwap(current, current.With(key, next, entry.IsPresent ? 0 : 1)))
            {
                return new CounterResult(value, next.Version);
            }
        }
    }

    protected override bool Delete(string key)
    {
        while (true)
        {
            var current = Volatile.Read(ref _snapshot);
            if (!current.Entries.TryGetValue(key, out var entry) || !entry.IsPresent)
            {
                return false;
            }

            if (TrySwap(current, current.With(key, entry.Deleted(), -1)))
            {
                return true;
            }
        }
    }

    protected override CasResult CompareAndSet(string key, long expectedVersion, byte[] value)
    {
        while (true)
        {
            var current = Volatile.Read(ref _snapshot);
            var entry = current.Entries.GetValueOrDefault(key);
            if (!entry.Matches(expectedVersion))
            {
                return new CasResult(false, entry.Version);
            }

            var next = entry.With(value);
            if (TrySwap(current, current.With(key, next, entry.IsPresent ? 0 : 1)))
            {
                return new CasResult(true, next.Version);
            }
        }
    }

    protected override IReadOnlyList<KeyValueEntry> Scan(string prefix, int limit)
    {
        var found = new List<KeyValueEntry>(Math.Min(limit, 64));
        foreach (var (key, entry) in Volatile.Read(ref _snapshot).Entries)
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

    protected override long Count() => Volatile.Read(ref _snapshot).Present;

    protected override void Clear()
    {
        while (true)
        {
            var current = Volatile.Read(ref _snapshot);
            var builder = current.Entries.ToBuilder();
            foreach (var (key, entry) in current.Entries)
            {
                if (entry.IsPresent)
                {
                    builder[key] = entry.Deleted();
                }
            }

            if (TrySwap(current, new Snapshot(builder.ToImmutable(), 0)))
            {
                return;
            }
        }
    }

    private bool TrySwap(Snapshot expected, Snapshot next) =>
        ReferenceEquals(Interlocked.CompareExchange(ref _snapshot, next, expected), expected);

    /// <summary>The map and its count of present keys, swapped together so that a count is never torn.</summary>
    private sealed class Snapshot(ImmutableDictionary<string, VersionedValue> entries, long present)
    {
        public static readonly Snapshot Empty = new(ImmutableDictionary.Create<string, VersionedValue>(StringComparer.Ordinal), 0);

        public ImmutableDictionary<string, VersionedValue> Entries { get; } = entries;

        public long Present { get; } = present;

        public Snapshot With(string key, VersionedValue entry, long presentDelta) => new(Entries.SetItem(key, entry), Present + presentDelta);
    }
}
