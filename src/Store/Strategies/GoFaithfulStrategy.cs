namespace Actors.Store.Strategies;

/// <summary>
/// <c>direct-go</c>: the unsynchronised <see cref="Dictionary{TKey, TValue}"/> of <c>direct</c> behind
/// <see cref="GoMapGuard"/>, so that it behaves as a Go map does: overlapping writers are caught every time and
/// fail fast with "concurrent map writes" instead of silently losing data. It shows the difference between a
/// guard that is loud and one (.NET's) that only sometimes speaks.
/// </summary>
public sealed class GoFaithfulStrategy(GoFatalMode mode) : SynchronousStrategy, IIntegrityProbe
{
    private readonly VersionedMap _map = new();

    public GoMapGuard Guard { get; } = new(mode);

    public override string Name => StrategyNames.DirectGo;

    public IntegrityReport Inspect() => IntegrityInspector.Inspect(_map.Entries, _map.Count);

    protected override ReadResult Get(string key)
    {
        using var _ = Guard.EnterRead();
        return _map.Get(key);
    }

    protected override long Set(string key, byte[] value)
    {
        using var _ = Guard.EnterWrite();
        return _map.Set(key, value);
    }

    protected override CounterResult Increment(string key, long delta)
    {
        using var _ = Guard.EnterWrite();
        return _map.Increment(key, delta);
    }

    protected override bool Delete(string key)
    {
        using var _ = Guard.EnterWrite();
        return _map.Delete(key);
    }

    protected override CasResult CompareAndSet(string key, long expectedVersion, byte[] value)
    {
        using var _ = Guard.EnterWrite();
        return _map.CompareAndSet(key, expectedVersion, value);
    }

    protected override IReadOnlyList<KeyValueEntry> Scan(string prefix, int limit)
    {
        using var _ = Guard.EnterIteration();
        return _map.Scan(prefix, limit);
    }

    protected override long Count()
    {
        using var _ = Guard.EnterRead();
        return _map.Count;
    }

    protected override void Clear()
    {
        using var _ = Guard.EnterWrite();
        _map.Clear();
    }
}
