using System.Collections.Concurrent;
using Actors.Store.Shards;

namespace Actors.Store.Client;

/// <summary>
/// The arrays that carry pipeline batches, reused: a pipeline fills one per shard and sends it, and the shard gives it
/// back once applied. A store-wide pool rather than <c>ArrayPool.Shared</c>, whose per-core stacks hold 32 arrays:
/// eight pipelines with a part-filled batch for each of sixteen shards, plus the batches in flight, outnumber that, and
/// it dropped about half the returns. Up to <c>capacity</c> arrays are kept; beyond that a returned array is left to
/// the collector.
/// </summary>
internal sealed class PostedBatchPool(int capacity)
{
    private readonly ConcurrentQueue<PostedOperation[]> _arrays = new();
    private int _count;

    /// <summary>An array of at least <paramref name="minimumLength"/> operations, all default.</summary>
    public PostedOperation[] Rent(int minimumLength)
    {
        while (_arrays.TryDequeue(out var array))
        {
            Interlocked.Decrement(ref _count);
            if (array.Length >= minimumLength)
            {
                return array;
            }
        }

        return new PostedOperation[minimumLength];
    }

    /// <summary>Takes an array back, cleared so that the pool keeps no keys or values alive.</summary>
    public void Return(PostedOperation[] array)
    {
        Array.Clear(array);
        if (Interlocked.Increment(ref _count) <= capacity)
        {
            _arrays.Enqueue(array);
        }
        else
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
