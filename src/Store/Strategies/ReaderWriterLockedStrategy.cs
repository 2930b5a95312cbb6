namespace Actors.Store.Strategies;

/// <summary>
/// <c>rwlocked</c>: one <see cref="Dictionary{TKey, TValue}"/> under a <see cref="ReaderWriterLockSlim"/> —
/// Go's <c>sync.RWMutex</c>. Reads run in parallel with each other; a writer excludes everyone. The lock's own
/// bookkeeping is a shared write on every read, which is why it often loses to a plain lock on short
/// operations.
/// </summary>
public sealed class ReaderWriterLockedStrategy : SynchronousStrategy, IIntegrityProbe
{
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly VersionedMap _map = new();

    public override string Name => StrategyNames.ReaderWriterLocked;

    public IntegrityReport Inspect()
    {
        _gate.EnterReadLock();
        try
        {
            return IntegrityInspector.Inspect(_map.Entries, _map.Count);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    public override ValueTask DisposeAsync()
    {
        _gate.Dispose();
        return base.DisposeAsync();
    }

    protected override ReadResult Get(string key)
    {
        _gate.EnterReadLock();
        try
        {
            return _map.Get(key);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    protected override long Set(string key, byte[] value)
    {
        _gate.EnterWriteLock();
        try
        {
            return _map.Set(key, value);
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    protected override CounterResult Increment(string key, long delta)
    {
        _gate.EnterWriteLock();
        try
        {
            return _map.Increment(key, delta);
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    protected override bool Delete(string key)
    {
        _gate.EnterWriteLock();
        try
        {
            return _map.Delete(key);
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    protected override CasResult CompareAndSet(string key, long expectedVersion, byte[] value)
    {
        _gate.EnterWriteLock();
        try
        {
            return _map.CompareAndSet(key, expectedVersion, value);
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    protected override IReadOnlyList<KeyValueEntry> Scan(string prefix, int limit)
    {
        _gate.EnterReadLock();
        try
        {
            return _map.Scan(prefix, limit);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    protected override long Count()
    {
        _gate.EnterReadLock();
        try
        {
            return _map.Count;
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    protected override void Clear()
    {
        _gate.EnterWriteLock();
        try
        {
            _map.Clear();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }
}
