using Actors.Store.Strategies;

namespace Actors.Store.Tests.Strategies;

// One class per strategy so that xunit reports each strategy's suite on its own.
public sealed class LockedStrategyTests : StrategyCorrectnessSuite
{
    protected override ValueTask<IKeyValueStrategy> CreateAsync() => StrategyRegistry.CreateDefault().CreateAsync(StrategyNames.Locked);
}

public sealed class ReaderWriterLockedStrategyTests : StrategyCorrectnessSuite
{
    protected override ValueTask<IKeyValueStrategy> CreateAsync() => StrategyRegistry.CreateDefault().CreateAsync(StrategyNames.ReaderWriterLocked);
}

public sealed class StripedStrategyTests : StrategyCorrectnessSuite
{
    protected override ValueTask<IKeyValueStrategy> CreateAsync() => StrategyRegistry.CreateDefault().CreateAsync(StrategyNames.Striped);

    [Fact]
    public async Task The_stripe_count_comes_from_the_options()
    {
        await using var map = await StrategyRegistry.CreateDefault().CreateAsync(StrategyNames.Striped, new StrategyOptions { Shards = 5 });
        Assert.Equal(5, ((StripedStrategy)map).StripeCount);
    }
}

public sealed class ConcurrentStrategyTests : StrategyCorrectnessSuite
{
    protected override ValueTask<IKeyValueStrategy> CreateAsync() => StrategyRegistry.CreateDefault().CreateAsync(StrategyNames.Concurrent);
}

public sealed class CopyOnWriteStrategyTests : StrategyCorrectnessSuite
{
    protected override ValueTask<IKeyValueStrategy> CreateAsync() => StrategyRegistry.CreateDefault().CreateAsync(StrategyNames.CopyOnWrite);
}
