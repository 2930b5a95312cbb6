namespace Actors.Store;

/// <summary>
/// A shard refused the request because it is full: its bounded mailbox holds as many requests as it may, or its
/// journal is behind by <c>store.journal.max-pending-events</c>. Nothing was applied; retry later (the HTTP API
/// answers 429 with <c>Retry-After</c>).
/// </summary>
public sealed class StoreOverloadedException : StoreException
{
    public StoreOverloadedException(int shard, Exception inner)
        : this(shard, "its bounded mailbox is full and refused the request", inner)
    {
    }

    public StoreOverloadedException(int shard, string why, Exception? inner)
        : base($"Shard {shard} is overloaded: {why}. Nothing was applied; retry later.", inner)
    {
        Shard = shard;
    }

    /// <summary>The shard that refused.</summary>
    public int Shard { get; }
}
