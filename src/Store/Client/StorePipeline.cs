using System.Runtime.ExceptionServices;
using Actors.Store.Client;
using Actors.Store.Shards;

namespace Actors.Store;

/// <summary>
/// Fire-and-forget writes, batched per shard like a Redis pipeline: each shard receives one message per
/// <c>batchSize</c> writes instead of one per write. Increments of the same key within a batch are combined into one
/// (they commute, and nobody sees the intermediate values of writes that are not answered), so a hot key costs the
/// shard one update per batch. Writes are applied in order per key; <see cref="FlushAsync"/> sends what is buffered
/// and completes when all of it is applied (and durable). One pipeline per writer: it is not thread-safe. A write the
/// store refuses (e.g. incrementing a non-integer) is logged and does not stop the others.
/// <para>
/// At most <see cref="MaxBatchesInFlight"/> batches are on their way to the shards at once; a write that would send
/// one more waits (asynchronously) until a shard has applied one, so a writer can never run unboundedly ahead of the
/// shards. A batch that never reaches its shard (the shard stopped with it queued) is a dead letter, and the next
/// <see cref="FlushAsync"/> fails with <see cref="StoreUnavailableException"/> saying how many writes were lost. A
/// send that fails at once (a full bounded shard mailbox, an unavailable store, cancellation) fails the write that
/// triggered it, and the batch it was sending — every write buffered for that shard since its last send — is not
/// applied.
/// </para>
/// </summary>
public sealed class StorePipeline
{
    private readonly ActorStateStore _store;
    private readonly int _batchSize;
    private readonly PipelineWindow _window;
    private readonly PostedOperation[]?[] _buffers;
    private readonly int[] _counts;

    // For each key with a pending increment: where that increment sits, so the next one adds to it. A set of the key
    // removes the entry, so increments after a set stay after it.
    private readonly Dictionary<string, (int Shard, int Index)> _pendingIncrements = new(StringComparer.Ordinal);

    internal StorePipeline(ActorStateStore store, int batchSize, int maxBatchesInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchesInFlight, 1);
        _store = store;
        _batchSize = batchSize;
        _window = new PipelineWindow(maxBatchesInFlight, store.BatchArrays);
        _buffers = new PostedOperation[]?[store.Settings.Shards];
        _counts = new int[store.Settings.Shards];
    }

    /// <summary>The most batches this pipeline has on their way to the shards at once.</summary>
    public int MaxBatchesInFlight => _window.Size;

    /// <summary>Batches sent and not yet applied (or dead-lettered).</summary>
    public int BatchesInFlight => _window.InFlight;

    /// <summary>Buffers a set; sends the shard's batch when it is full.</summary>
    /// <exception cref="StoreOverloadedException">A bounded shard mailbox refused a full batch.</exception>
    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        _store.Rules.ValidateKey(key);
        ForgetPendingIncrement(key);
        return Add(_store.ShardOf(key), new PostedOperation(key, _store.Rules.ValidateValue(value), 0), cancellationToken);
    }

    /// <summary>
    /// Buffers a set of <paramref name="value"/> itself, without copying it: the pipeline (and then the store) keeps the
    /// array, so the caller must not change it afterwards. For producers that make a fresh array per write anyway.
    /// </summary>
    public ValueTask SetOwnedAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        _store.Rules.ValidateKey(key);
        _store.Rules.ValidateLength(value.Length);
        ForgetPendingIncrement(key);
        return Add(_store.ShardOf(key), new PostedOperation(key, value, 0), cancellationToken);
    }

    /// <summary>Buffers an increment (combined with a pending one of the same key); sends the shard's batch when it is full.</summary>
    public ValueTask IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default)
    {
        if (_pendingIncrements.TryGetValue(key, out var pending))
        {
            var buffer = _buffers[pending.Shard]!;
            var operation = buffer[pending.Index];
            buffer[pending.Index] = operation with { By = checked(operation.By + by) };
            return default;
        }

        _store.Rules.ValidateKey(key);
        var shard = _store.ShardOf(key);
        _pendingIncrements[key] = (shard, _counts[shard]);
        return Add(shard, new PostedOperation(key, null, by), cancellationToken);
    }

    /// <summary>Sends every buffered write and completes when they are all applied (and durable).</summary>
    /// <exception cref="StoreUnavailableException">
    /// Writes sent since the last flush never reached their shard (it stopped with them queued); the message says how
    /// many. They were not applied.
    /// </exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        for (var shard = 0; shard < _buffers.Length; shard++)
        {
            await SendAsync(shard, cancellationToken).ConfigureAwait(false);
        }

        ExceptionDispatchInfo? flushFailure = null;
        try
        {
            await _store.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException failure)
        {
            flushFailure = ExceptionDispatchInfo.Capture(failure);
        }

        // Checked after the flush: each shard's flush queues behind this pipeline's batches, so by now every batch
        // has been applied or dead-lettered.
        var (lost, cause) = _window.TakeUndelivered();
        if (lost > 0)
        {
            throw new StoreUnavailableException($"{lost} pipelined write(s) never reached their shard and were not applied: {cause?.Message}", cause);
        }

        flushFailure?.Throw();
    }

    // A set after an increment of the same key must not be folded into: it starts a new run. (Most pipelines carry
    // no increments at all, and then this costs no hashing.)
    private void ForgetPendingIncrement(string key)
    {
        if (_pendingIncrements.Count != 0)
        {
            _pendingIncrements.Remove(key);
        }
    }

    private ValueTask Add(int shard, PostedOperation operation, CancellationToken cancellationToken)
    {
        // The shard that applies the batch returns the array to the pool (see PostedBatch).
        var buffer = _buffers[shard] ??= _store.BatchArrays.Rent(_batchSize);
        buffer[_counts[shard]++] = operation;
        return _counts[shard] >= _batchSize ? SendAsync(shard, cancellationToken) : default;
    }

    private ValueTask SendAsync(int shard, CancellationToken cancellationToken)
    {
        if (_buffers[shard] is not { } buffer || _counts[shard] == 0)
        {
            return default;
        }

        // The batch leaves the pipeline's state before any wait, so the state is whole whatever happens next.
        var count = _counts[shard];
        _buffers[shard] = null;
        _counts[shard] = 0;
        if (_pendingIncrements.Count != 0)
        {
            foreach (var operation in buffer.AsSpan(0, count))
            {
                if (operation.Value is null)
                {
                    _pendingIncrements.Remove(operation.Key);
                }
            }
        }

        return PostAsync(shard, buffer, count, cancellationToken);
    }

    // A batch the store refuses (overloaded, unavailable, cancelled) gives its place back; if the refusal came through
    // the dead-letter path, that already happened and the release does nothing.
    private async ValueTask PostAsync(int shard, PostedOperation[] buffer, int count, CancellationToken cancellationToken)
    {
        await _window.EnterAsync(cancellationToken).ConfigureAwait(false);
        var batch = new PostedBatch(buffer, count, _window);
        try
        {
            _store.PostBatch(shard, batch, cancellationToken);
        }
        catch (Exception error)
        {
            batch.NotDelivered(error, countAsLost: false);
            throw;
        }
    }
}
