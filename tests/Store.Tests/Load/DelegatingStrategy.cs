using Actors.Store.Strategies;

namespace Actors.Store.Tests.Load;

/// <summary>A test strategy that forwards to a real one after <see cref="Before"/>, which a test double overrides to misbehave.</summary>
internal class DelegatingStrategy(string name, IKeyValueStrategy inner) : IKeyValueStrategy
{
    public string Name => name;

    public ValueTask<ReadResult> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        Before(false);
        return inner.GetAsync(key, cancellationToken);
    }

    public ValueTask<long> SetAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        Before(true);
        return inner.SetAsync(key, value, cancellationToken);
    }

    public ValueTask<CounterResult> IncrementAsync(string key, long delta, CancellationToken cancellationToken = default)
    {
        Before(true);
        return inner.IncrementAsync(key, delta, cancellationToken);
    }

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        Before(true);
        return inner.DeleteAsync(key, cancellationToken);
    }

    public ValueTask<CasResult> CompareAndSetAsync(string key, long expectedVersion, byte[] value, CancellationToken cancellationToken = default)
    {
        Before(true);
        return inner.CompareAndSetAsync(key, expectedVersion, value, cancellationToken);
    }

    public ValueTask<IReadOnlyList<KeyValueEntry>> ScanAsync(string prefix, int limit, CancellationToken cancellationToken = default) => inner.ScanAsync(prefix, limit, cancellationToken);

    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => inner.ClearAsync(cancellationToken);

    public void PostSet(string key, byte[] value)
    {
        Before(true);
        inner.PostSet(key, value);
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public virtual ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>Called before each forwarded operation; <paramref name="write"/> tells writes from reads.</summary>
    protected virtual void Before(bool write)
    {
    }
}

/// <summary>Refuses every fifth write, as a full bounded mailbox would.</summary>
internal sealed class RejectingStrategy() : DelegatingStrategy("rejecting", new ConcurrentStrategy())
{
    private long _writes;

    protected override void Before(bool write)
    {
        if (write && Interlocked.Increment(ref _writes) % 5 == 0)
        {
            throw new OperationRejectedException("mailbox full (test)");
        }
    }
}

/// <summary>Stalls once, for <paramref name="stall"/>, on its <paramref name="at"/>-th operation: a GC pause or a lock convoy.</summary>
internal sealed class StallingStrategy(long at, TimeSpan stall) : DelegatingStrategy("stalling", new LockedStrategy())
{
    private long _operations;

    protected override void Before(bool write)
    {
        if (Interlocked.Increment(ref _operations) == at)
        {
            // The stall is the behaviour under test, not a wait for a condition.
            Thread.Sleep(stall);
        }
    }
}

/// <summary>Blocks one operation until disposed: a map stuck in an endless loop, as far as the lab can tell.</summary>
internal sealed class HangingStrategy() : DelegatingStrategy("hanging", new LockedStrategy())
{
    private readonly ManualResetEventSlim _released = new();
    private long _operations;

    protected override void Before(bool write)
    {
        if (Interlocked.Increment(ref _operations) == 1_000)
        {
            _released.Wait();
        }
    }

    public override ValueTask DisposeAsync()
    {
        _released.Set();
        return base.DisposeAsync();
    }
}
