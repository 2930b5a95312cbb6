using Actors.Store.Strategies;

namespace Actors.Store.Tests.Strategies;

/// <summary>The actor store passes the same correctness suite as every synchronised map.</summary>
public sealed class ActorStrategyTests : StrategyCorrectnessSuite
{
    protected override bool ReportsTombstoneVersionOnMismatch => false;

    protected override ValueTask<IKeyValueStrategy> CreateAsync() => ActorStrategy.StartAsync(new StrategyOptions { Shards = 8 }, bounded: false, CancellationToken.None);
}

/// <summary>
/// The bounded variant too, with mailboxes large enough for the suite's load (the overload behaviour is covered by
/// StoreOverloadTests and by the lab's rejection counts).
/// </summary>
public sealed class BoundedActorStrategyTests : StrategyCorrectnessSuite
{
    protected override bool ReportsTombstoneVersionOnMismatch => false;

    protected override ValueTask<IKeyValueStrategy> CreateAsync() =>
        ActorStrategy.StartAsync(new StrategyOptions { Shards = 8, MailboxCapacity = 100_000 }, bounded: true, CancellationToken.None);
}
