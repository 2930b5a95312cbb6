namespace Actors.Store.Strategies;

/// <summary>
/// The base of the strategies that complete every operation before returning: it maps the asynchronous
/// interface onto synchronous methods, and gives them the trivial pipelined path (a posted write is applied
/// at once, so a flush has nothing to wait for).
/// </summary>
/// <remarks>
/// The synchronous methods throw from the call itself; the lab catches both that and a faulted task, and
/// wrapping every exception in a task would only cost the fast paths an allocation.
/// </remarks>
public abstract class SynchronousStrategy : IKeyValueStrategy
{
    public abstract string Name { get; }

    public ValueTask<ReadResult> GetAsync(string key, CancellationToken cancellationToken = default) => new(Get(key));

    public ValueTask<long> SetAsync(string key, byte[] value, CancellationToken cancellationToken = default) => new(Set(key, value));

    public ValueTask<CounterResult> IncrementAsync(string key, long delta, CancellationToken cancellationToken = default) => new(Increment(key, delta));

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => new(Delete(key));

    public ValueTask<CasResult> CompareAndSetAsync(string key, long expectedVersion, byte[] value, CancellationToken cancellationToken = default) =>
        new(CompareAndSet(key, expectedVersion, value));

    public ValueTask<IReadOnlyList<KeyValueEntry>> ScanAsync(string prefix, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return new(Scan(prefix, limit));
    }

    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) => new(Count());

    public ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        Clear();
        return ValueTask.CompletedTask;
    }

    public void PostSet(string key, byte[] value) => Set(key, value);

    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected abstract ReadResult Get(string key);

    protected abstract long Set(string key, byte[] value);

    protected abstract CounterResult Increment(string key, long delta);

    protected abstract bool Delete(string key);

    protected abstract CasResult CompareAndSet(string key, long expectedVersion, byte[] value);

    protected abstract IReadOnlyList<KeyValueEntry> Scan(string prefix, int limit);

    protected abstract long Count();

    protected abstract void Clear();
}
