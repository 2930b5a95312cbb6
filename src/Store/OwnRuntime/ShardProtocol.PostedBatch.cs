using Actors.Events;
using Actors.Store.Shards;
using Actors.Store.Client;

namespace Actors.Store.OwnRuntime;

internal static partial class ShardProtocol
{
    /// <summary>
    /// A pipeline's buffered writes for one shard: the first <see cref="Count"/> of <see cref="Operations"/>, a set when
    /// <see cref="PostedOperation.Value"/> is not null, else an increment. A batch from a local pipeline has an owner
    /// (its pipeline's window, <see cref="IPostedBatchOwner"/>) that learns exactly once when the batch is done with:
    /// the shard that applies it calls <see cref="Release"/>, which also gives the array back for reuse; a batch that
    /// never reaches a shard is released by the dead-letter path (<see cref="INotifyUndelivered"/>) or by the sender that
    /// saw the failure, and keeps its array, which a dead-letter subscriber or a resent copy may still read.
    /// </summary>
    public sealed class PostedBatch : INotifyUndelivered
    {
        private IPostedBatchOwner? _owner;

        /// <summary>A batch with no owner (decoded from another node, or built by a test).</summary>
        public PostedBatch(PostedOperation[] operations)
            : this(operations, operations.Length, owner: null)
        {
        }

        public PostedBatch(PostedOperation[] operations, int count, IPostedBatchOwner? owner)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, operations.Length);
            Operations = operations;
            Count = count;
            _owner = owner;
        }

        public PostedOperation[] Operations { get; }

        public int Count { get; }

        public ReadOnlySpan<PostedOperation> Items => Operations.AsSpan(0, Count);

        /// <summary>
        /// The same writes with no owner, for a send that may be repeated (an ask to another node): a resend must never
        /// read an array that was given back and reused.
        /// </summary>
        public PostedBatch Detached() => new(Operations, Count, owner: null);

        /// <summary>The shard has finished with the batch (applied, or failed applying it): its array may be reused.</summary>
        public void Release() => Interlocked.Exchange(ref _owner, null)?.Released(this, arrayReusable: true, undelivered: null);

        /// <summary>The batch is done with, but its array may still be read elsewhere; a no-op if already released.</summary>
        public void ReleaseKeepingArray() => Interlocked.Exchange(ref _owner, null)?.Released(this, arrayReusable: false, undelivered: null);

        void INotifyUndelivered.OnUndelivered(DeadLetterReason reason, UndeliveredMessageException failure) =>
            Interlocked.Exchange(ref _owner, null)?.Released(this, arrayReusable: false, failure);
    }

    /// <summary>Whoever sent a <see cref="PostedBatch"/> and wants to know when it is done with.</summary>
    public interface IPostedBatchOwner
    {
        /// <summary>
        /// Called once per batch. <paramref name="undelivered"/> is set when the runtime dead-lettered the batch: its
        /// writes were not applied.
        /// </summary>
        void Released(PostedBatch batch, bool arrayReusable, UndeliveredMessageException? undelivered);
    }
}
