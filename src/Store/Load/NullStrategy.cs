using Actors.Store.Strategies;

namespace Actors.Store.Load;

/// <summary>
/// A strategy that stores nothing and answers at once: running the workload against it measures the lab's own
/// cost per operation.
/// </summary>
internal sealed class NullStrategy : SynchronousStrategy
{
    public override string Name => "null";

    protected override ReadResult Get(string key) => ReadResult.Missing;

    protected override long Set(string key, byte[] value) => 1;

    protected override CounterResult Increment(string key, long delta) => new(delta, 1);

    protected override bool Delete(string key) => false;

    protected override CasResult CompareAndSet(string key, long expectedVersion, byte[] value) => new(true, 1);

    protected override IReadOnlyList<KeyValueEntry> Scan(string prefix, int limit) => [];

    protected override long Count() => 0;

    protected override void Clear()
    {
    }
}
