namespace Actors.Store;

/// <summary>An atomic batch whose keys live in more than one shard.</summary>
public sealed class CrossShardBatchException(IReadOnlyDictionary<int, IReadOnlyList<string>> keysByShard)
    : StoreException(
        "An atomic batch must keep all its keys in one shard, but these keys span shards: " +
        string.Join("; ", keysByShard.OrderBy(kv => kv.Key).Select(kv => $"shard {kv.Key}: {string.Join(", ", kv.Value.Take(5).Select(k => $"'{k}'"))}{(kv.Value.Count > 5 ? ", …" : string.Empty)}")) +
        ". Keys that share a hash tag (the part between '{' and '}', e.g. 'user:{42}:name' and 'user:{42}:email') always share a shard.")
{
    /// <summary>The batch's keys, grouped by shard.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> KeysByShard { get; } = keysByShard;
}
