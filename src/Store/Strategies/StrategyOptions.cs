namespace Actors.Store.Strategies;

/// <summary>Settings a strategy factory may use; each strategy reads only the ones that apply to it.</summary>
public sealed record StrategyOptions
{
    public const int DefaultShards = 32;
    public const int DefaultMailboxCapacity = 1024;

    /// <summary>Stripes of <c>striped</c>; shards of the actor store.</summary>
    public int Shards { get; init; } = DefaultShards;

    /// <summary>Mailbox capacity of <c>actor-bounded</c>.</summary>
    public int MailboxCapacity { get; init; } = DefaultMailboxCapacity;

    public static StrategyOptions Default { get; } = new();

    /// <summary>Throws a clear error for values no strategy could use.</summary>
    public void Validate()
    {
        if (Shards < 1)
        {
            throw new ArgumentException($"Shards must be at least 1 (was {Shards}).");
        }

        if (MailboxCapacity < 1)
        {
            throw new ArgumentException($"MailboxCapacity must be at least 1 (was {MailboxCapacity}).");
        }
    }
}
