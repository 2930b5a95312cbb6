using Actors.Store.Shards;

namespace Actors.Store;

/// <summary>
/// Fire-and-forget writes, batched per shard like a Redis pipeline: each shard receives one message per
/// <c>batchSize</c> writes instead of one per write. Increments of the same key within a batch are combined into one
/// (they commute, and nobody sees the intermediate values of writes that are not answered), so a hot key costs the
/// shard one update per batch. Writes are applied in order per key; <see cref="FlushAsync"/> sends what is buffered
/// and completes when all of it is applied (and durable). One pipeline per writer: it is not thread-safe. A write the
/// store refuses (e.g. incrementing a non-integer) is logged and does not stop the others.
/// </summary>
public sealed class StorePipeline
{
    private readonly ActorStateStore _store;
    private readonly int _batchSize;
    private readonly ShardProtocol.PostedOperation[]?[] _buffers;
    private readonly int[] _counts;

    // For each key with a pending increment: where that increment sits, so the next one adds to it. A set of the key
    // removes the entry, so increments after a set stay after it.
    private readonly Dictionary<string, (int Shard, int Index)> _pendingIncrements = new(StringComparer.Ordinal);

    internal StorePipeline(ActorStateStore store, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _store = store;
        _batchSize = batchSize;
        _buffers = new ShardProtocol.PostedOperation[]?[store.Settings.Shards];
        _counts = new int[store.Settings.Shards];
    }

    /// <summary>Buffers a set; sends the shard's batch when it is full.</summary>
    /// <exception cref="StoreOverloadedException">A bounded shard mailbox refused a full batch.</exception>
    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        _store.Rules.ValidateKey(key);
        ForgetPendingIncrement(key);
        return Add(_store.ShardOf(key), new ShardProtocol.PostedOperation(key, _store.Rules.ValidateValue(value), 0), cancellationToken);
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
        return Add(_store.ShardOf(key), new ShardProtocol.PostedOperation(key, value, 0), cancellationToken);
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
        return Add(shard, new ShardProtocol.PostedOperation(key, null, by), cancellationToken);
    }

    /// <summary>Sends every buffered write and completes when they are all applied (and durable).</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        for (var shard = 0; shard < _buffers.Length; shard++)
        {
            await SendAsync(shard, cancellationToken).ConfigureAwait(false);
        }

        await _store.FlushAsync(cancellationToken).ConfigureAwait(false);
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

    private ValueTask Add(int shard, ShardProtocol.PostedOperation operation, CancellationToken cancellationToken)
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

        var batch = new ShardProtocol.PostedBatch(buffer, _counts[shard], _store.BatchArrays);
        _buffers[shard] = null;
        _counts[shard] = 0;
        if (_pendingIncrements.Count != 0)
        {
            foreach (var operation in batch.Items)
            {
                if (operation.Value is null)
                {
                    _pendingIncrements.Remove(operation.Key);
                }
            }
        }

        return _store.PostToShardAsync(shard, batch, cancellationToken);
    }
}
