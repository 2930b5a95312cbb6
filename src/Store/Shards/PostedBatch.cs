namespace Actors.Store.Shards;

/// <summary>
/// A pipeline's fire-and-forget writes for one shard, in one message. Whoever is done with it first — the shard that
/// applied it, or the store that saw it become a dead letter (the shard stopped with it queued, or a full mailbox
/// evicted or refused it) — tells the pipeline once, so its place in the pipeline's window comes back exactly once and a
/// lost batch is counted.
/// </summary>
internal sealed class PostedBatch(PostedOperation[] operations, int count, IPostedBatchOwner? owner)
{
    private IPostedBatchOwner? _owner = owner;

    public PostedOperation[] Operations { get; } = operations;

    public int Count { get; } = count;

    public ReadOnlySpan<PostedOperation> Items => Operations.AsSpan(0, Count);

    /// <summary>The shard applied it: the array may be reused.</summary>
    public void Applied() => Interlocked.Exchange(ref _owner, null)?.Released(this, arrayReusable: true, lost: null);

    /// <summary>It never reached the shard, or the shard refused it: none of it was applied.</summary>
    public void NotDelivered(Exception reason, bool countAsLost) =>
        Interlocked.Exchange(ref _owner, null)?.Released(this, arrayReusable: false, lost: countAsLost ? reason : null);
}

/// <summary>One write of a pipeline: a set (<see cref="Value"/> not null) or an increment by <see cref="By"/>.</summary>
internal readonly record struct PostedOperation(string Key, byte[]? Value, long By);

/// <summary>What a <see cref="PostedBatch"/> reports to when it is done with.</summary>
internal interface IPostedBatchOwner
{
    void Released(PostedBatch batch, bool arrayReusable, Exception? lost);
}
