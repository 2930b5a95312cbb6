namespace Actors.Store;

/// <summary>
/// The sharded key-value store. Every operation on a key goes through the mailbox of the one actor that owns the key's
/// shard, so each key is linearizable; a completed call means the operation is applied and, with persistence on,
/// durable. Keys are non-empty UTF-8 strings up to <c>store.max-key-bytes</c>; values are bytes up to
/// <c>store.max-value-bytes</c>. Versions strictly increase per key: a write adds one to the key's version, a delete
/// leaves a tombstone so that a re-created key continues from there.
/// </summary>
/// <remarks>
/// Errors: <see cref="InvalidKeyException"/>, <see cref="ValueTooLargeException"/>, <see cref="NotAnIntegerException"/>,
/// <see cref="CrossShardBatchException"/> for bad input; <see cref="StoreOverloadedException"/> when a bounded shard
/// mailbox refuses the request; <see cref="StoreUnavailableException"/> while the store starts, fails or stops.
/// A version mismatch is not an error: it is reported in the result.
/// </remarks>
public interface IStateStore
{
    /// <summary>The live entry of <paramref name="key"/>, or <see langword="null"/> if it is missing or expired.</summary>
    ValueTask<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="value"/>; with <see cref="SetOptions.ExpectedVersion"/> this is a compare-and-set.</summary>
    ValueTask<WriteResult> SetAsync(string key, ReadOnlyMemory<byte> value, SetOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes <paramref name="key"/>, optionally only at <paramref name="expectedVersion"/>.</summary>
    ValueTask<DeleteResult> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically adds <paramref name="by"/> to the key's integer value (decimal ASCII text, as Redis' INCRBY; a missing
    /// key counts as 0) and returns the result.
    /// </summary>
    /// <exception cref="NotAnIntegerException">The current value is not a 64-bit integer, or the result overflows.</exception>
    ValueTask<IncrementResult> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default);

    /// <summary>The entries of <paramref name="keys"/>, in order (<see langword="null"/> where missing).</summary>
    ValueTask<IReadOnlyList<StoreEntry?>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Writes many keys; atomic per shard, not across shards.</summary>
    ValueTask<IReadOnlyList<WriteResult>> SetManyAsync(IReadOnlyList<KeyValuePair<string, ReadOnlyMemory<byte>>> items, CancellationToken cancellationToken = default);

    /// <summary>Applies <paramref name="operations"/> atomically: all or none. All keys must be in one shard.</summary>
    /// <exception cref="CrossShardBatchException">The keys span several shards (the message names them).</exception>
    ValueTask<BatchResult> BatchAsync(IReadOnlyList<BatchOperation> operations, CancellationToken cancellationToken = default);

    /// <summary>A page of live keys starting with <paramref name="prefix"/>; pass the returned cursor to continue.</summary>
    ValueTask<ScanPage> ScanAsync(string prefix, int limit, string? cursor = null, bool includeValues = false, CancellationToken cancellationToken = default);

    /// <summary>The number of live keys.</summary>
    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Per-shard figures.</summary>
    ValueTask<StoreStats> StatsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Fire-and-forget write for load generation: enqueued on the shard's mailbox without waiting for the result.
    /// Returns when enqueued (it waits for room, without a thread, in a bounded mailbox under backpressure).
    /// </summary>
    /// <exception cref="StoreOverloadedException">A bounded mailbox refused it.</exception>
    ValueTask PostSetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Fire-and-forget increment; see <see cref="PostSetAsync"/>.</summary>
    ValueTask PostIncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default);

    /// <summary>Completes when every write posted before the call has been applied (and made durable).</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);
}
