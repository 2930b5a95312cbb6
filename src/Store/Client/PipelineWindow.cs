using Actors.Store.Shards;

namespace Actors.Store.Client;

/// <summary>
/// How many of one pipeline's batches may be on their way to the shards at once. A pipeline's writes are not
/// answered, so without a window a fast writer runs as far ahead of the shards as memory allows — with unbounded shard
/// mailboxes, tens of megabytes of queued batches that survive every young collection and slow the whole process.
/// Each sent batch takes a place; the shard gives it back when it has applied the batch (and the array with it, for
/// reuse), and the dead-letter path gives it back for a batch that never reached a shard, counting its writes as
/// undelivered so that the pipeline's next flush can say so.
/// </summary>
internal sealed class PipelineWindow : IPostedBatchOwner
{
    private readonly SemaphoreSlim _places;
    private readonly System.Buffers.ArrayPool<PostedOperation> _arrays;
    private readonly Lock _undeliveredLock = new();
    private int _undeliveredWrites;
    private Exception? _firstUndelivered;

    public PipelineWindow(int size, System.Buffers.ArrayPool<PostedOperation> arrays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        _places = new SemaphoreSlim(size, size);
        _arrays = arrays;
    }

    /// <summary>The most batches in flight at once.</summary>
    public int Size { get; }

    /// <summary>Batches sent and not yet released.</summary>
    public int InFlight => Size - _places.CurrentCount;

    /// <summary>Waits, without blocking a thread, for a place for one more batch.</summary>
    public ValueTask EnterAsync(CancellationToken cancellationToken) =>
        _places.Wait(0, CancellationToken.None) ? default : new ValueTask(_places.WaitAsync(cancellationToken));

    /// <summary>Writes dead-lettered since the last call, and the first cause; resets the count.</summary>
    public (int Writes, Exception? Cause) TakeUndelivered()
    {
        lock (_undeliveredLock)
        {
            var taken = (_undeliveredWrites, _firstUndelivered);
            _undeliveredWrites = 0;
            _firstUndelivered = null;
            return taken;
        }
    }

    void IPostedBatchOwner.Released(PostedBatch batch, bool arrayReusable, Exception? lost)
    {
        if (arrayReusable)
        {
            _arrays.Return(batch.Operations, clearArray: true);
        }

        // A full mailbox refuses a batch while its sender waits, and the sender throws; every other loss (the shard
        // stopped with the batch queued, drop-oldest evicted it) happens out of the sender's sight and is counted.
        if (lost is not null)
        {
            lock (_undeliveredLock)
            {
                _undeliveredWrites += batch.Count;
                _firstUndelivered ??= lost;
            }
        }

        _places.Release();
    }
}
