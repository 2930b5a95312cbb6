namespace Actors.Store.Strategies;

/// <summary>
/// One way of sharing a key-value map between concurrent callers. Every strategy the lab compares implements
/// this interface, so that a workload or scenario cannot tell them apart: the only differences it can observe
/// are speed and correctness.
/// </summary>
/// <remarks>
/// <para>
/// Methods return <see cref="ValueTask"/> so that an asynchronous store (the actor strategies, whose every
/// operation is a message) and a synchronous map (which completes every call before returning) share one
/// shape without the synchronous ones paying for a <see cref="Task"/>. A synchronous strategy may throw from
/// the call itself rather than through the returned task; callers must handle both.
/// </para>
/// <para>
/// Semantics every strategy keeps (the same as <c>Actors.Store.Linearizability.KvModel</c>): a key starts
/// missing at version 0; every change (set, matching compare-and-set, increment, delete of an existing key)
/// adds one to the key's version and reports it; a delete keeps the last version as a tombstone, so a version
/// is never reused; a compare-and-set matches a present key at the expected version, or a missing key when it
/// expects 0; an increment of a missing key starts from 0. Counter values are encoded by
/// <see cref="CounterValue"/>.
/// </para>
/// <para>
/// A strategy that refuses an operation by design (a bounded mailbox that is full) throws
/// <see cref="OperationRejectedException"/>: the lab counts that as a rejection, not as an error.
/// </para>
/// </remarks>
public interface IKeyValueStrategy : IAsyncDisposable
{
    /// <summary>The strategy's registered name, such as <c>concurrent</c>.</summary>
    string Name { get; }

    /// <summary>Reads a key.</summary>
    ValueTask<ReadResult> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes a key unconditionally and returns the version written.</summary>
    ValueTask<long> SetAsync(string key, byte[] value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="delta"/> to the integer counter at <paramref name="key"/> as one atomic
    /// read-modify-write (a missing key counts as 0) and returns the new value and version.
    /// </summary>
    /// <exception cref="FormatException">The key holds a value that is not a counter.</exception>
    ValueTask<CounterResult> IncrementAsync(string key, long delta, CancellationToken cancellationToken = default);

    /// <summary>Removes a key; true when it existed.</summary>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="value"/> only if the key is at <paramref name="expectedVersion"/> (0: only if it
    /// is missing).
    /// </summary>
    ValueTask<CasResult> CompareAndSetAsync(string key, long expectedVersion, byte[] value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns at most <paramref name="limit"/> present entries whose key starts with <paramref name="prefix"/>
    /// (ordinal), in no particular order. The empty prefix matches every key.
    /// </summary>
    ValueTask<IReadOnlyList<KeyValueEntry>> ScanAsync(string prefix, int limit, CancellationToken cancellationToken = default);

    /// <summary>The number of present keys.</summary>
    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes every key (versions are kept as tombstones).</summary>
    ValueTask ClearAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a key without waiting for the write to be applied: the pipelined path of an asynchronous store
    /// (a <c>Tell</c> rather than an <c>Ask</c>). Synchronous strategies apply the write before returning.
    /// A failure surfaces here or from the next <see cref="FlushAsync"/>.
    /// </summary>
    void PostSet(string key, byte[] value);

    /// <summary>Completes when every write posted so far by <see cref="PostSet"/> has been applied.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);
}
