namespace Actors.Store.Strategies;

/// <summary>
/// <c>locked</c>: one <see cref="Dictionary{TKey, TValue}"/> under one lock — Go's <c>sync.Mutex</c> plus a
/// map. Correct and simple; every operation, read or write, waits for the one before it.
/// </summary>
public sealed class LockedStrategy : SynchronousStrategy, IIntegrityProbe
{
    private readonly Lock _gate = new();
    private readonly VersionedMap _map = new();

    public override string Name => StrategyNames.Locked;

    public IntegrityReport Inspect()
    {
        lock (_gate)
        {
            return IntegrityInspector.Inspect(_map.Entries, _map.Count);
        }
    }

    protected override ReadResult Get(string key)
    {
        lock (_gate)
        {
            return _map.Get(key);
        }
    }

    protected override long Set(string key, byte[] value)
    {
        lock (_gate)
        {
            return _map.Set(key, value);
        }
    }

    protected override CounterResult Increment(string key, long delta)
    {
        lock (_gate)
        {
            return _map.Increment(key, delta);
        }
    }

    protected override bool Delete(string key)
    {
        lock (_gate)
        {
            return _map.Delete(key);
        }
    }

    protected override CasResult CompareAndSet(string key, long expectedVersion, byte[] value)
    {
        lock (_gate)
        {
            return _map.CompareAndSet(key, expectedVersion, value);
        }
    }

    protected override IReadOnlyList<KeyValueEntry> Scan(string prefix, int limit)
    {
        lock (_gate)
        {
            return _map.Scan(prefix, limit);
        }
    }

    protected override long Count()
    {
        lock (_gate)
        {
            return _map.Count;
        }
    }

    protected override void Clear()
    {
        lock (_gate)
        {
            _map.Clear();
        }
    }
}
