namespace Actors.Store.Strategies;

/// <summary>
/// <c>direct</c>: one plain <see cref="Dictionary{TKey, TValue}"/> with no synchronisation at all — the
/// baseline that is not supposed to work. Concurrent writers trip .NET's guard ("Operations that change
/// non-concurrent collections must have exclusive access"), throw other exceptions, and most of the time
/// silently lose entries. The lab observes that; this class does nothing to prevent or hide it.
/// </summary>
public sealed class DirectStrategy : SynchronousStrategy, IIntegrityProbe
{
    private readonly VersionedMap _map = new();

    public override string Name => StrategyNames.Direct;

    public IntegrityReport Inspect() => IntegrityInspector.Inspect(_map.Entries, _map.Count);

    protected override ReadResult Get(string key) => _map.Get(key);

    protected override long Set(string key, byte[] value) => _map.Set(key, value);

    protected override CounterResult Increment(string key, long delta) => _map.Increment(key, delta);

    protected override bool Delete(string key) => _map.Delete(key);

    protected override CasResult CompareAndSet(string key, long expectedVersion, byte[] value) => _map.CompareAndSet(key, expectedVersion, value);

    protected override IReadOnlyList<KeyValueEntry> Scan(string prefix, int limit) => _map.Scan(prefix, limit);

    protected override long Count() => _map.Count;

    protected override void Clear() => _map.Clear();
}
