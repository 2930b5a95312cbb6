namespace Actors.Store;

/// <summary>
/// A shard with a bounded mailbox refused the request because it was full. Nothing was applied; retry later
/// (the HTTP API answers 429 with <c>Retry-After</c>).
/// </summary>
public sealed class StoreOverloadedException(int shard, Exception inner)
    : StoreException($"Shard {shard} is overloaded: its bounded mailbox is full and refused the request. Nothing was applied; retry later.", inner)
{
    /// <summary>The shard that refused.</summary>
    public int Shard { get; } = shard;
}
