namespace Actors.Store;

/// <summary>The data was written with another shard count; opening it with this one would misplace every key.</summary>
public sealed class ShardCountMismatchException(int stored, int configured, string location)
    : StoreException(
        $"The store at {location} was created with {stored} shards, but store.shards is {configured}. The shard count is fixed for the life " +
        $"of the data: set store.shards = {stored}, or use another data directory / database for a store with {configured} shards. Nothing was changed.")
{
    /// <summary>The count stored with the data.</summary>
    public int Stored { get; } = stored;

    /// <summary>The configured count.</summary>
    public int Configured { get; } = configured;
}
