namespace Actors.Store.Shards;

/// <summary>What a shard tells its parent about its recovery, so that the store knows when it is ready.</summary>
internal abstract record ShardRecovery(int Shard)
{
    /// <summary>The shard has its state back (journal position <paramref name="SequenceNr"/>) and serves.</summary>
    public sealed record Recovered(int Shard, long SequenceNr) : ShardRecovery(Shard);

    /// <summary>The shard could not read its journal or snapshot; it stops.</summary>
    public sealed record Failed(int Shard, Exception Cause) : ShardRecovery(Shard);
}
