using Actors.Store.Strategies;

namespace Actors.Store.Tests.Strategies;

/// <summary>
/// The unguarded baselines are single-threaded maps with the same semantics as the others: run from one thread
/// they must agree with every other strategy. (Their behaviour under concurrency is the lab's subject: see
/// <c>Load/DirectBaselineTests</c>.)
/// </summary>
public sealed class DirectStrategySequentialTests : StrategyCorrectnessSequentialSubset
{
    protected override IKeyValueStrategy Create() => new DirectStrategy();
}

public sealed class GoFaithfulStrategySequentialTests : StrategyCorrectnessSequentialSubset
{
    protected override IKeyValueStrategy Create() => new GoFaithfulStrategy(GoFatalMode.Throw);
}

public abstract class StrategyCorrectnessSequentialSubset
{
    protected abstract IKeyValueStrategy Create();

    [Fact]
    public async Task Single_threaded_semantics_match_the_model()
    {
        await using var map = Create();
        Assert.Equal(1, await map.SetAsync("a", [1]));
        Assert.Equal(new CasResult(true, 2), await map.CompareAndSetAsync("a", 1, [2]));
        Assert.Equal(new CasResult(false, 2), await map.CompareAndSetAsync("a", 1, [3]));
        Assert.True(await map.DeleteAsync("a"));
        Assert.Equal(new CasResult(true, 4), await map.CompareAndSetAsync("a", 0, [4]));
        Assert.Equal(new CounterResult(2, 1), await map.IncrementAsync("c", 2));
        Assert.Equal(2, await map.CountAsync());
        Assert.Equal(2, (await map.ScanAsync("", 10)).Count);
        await map.ClearAsync();
        Assert.Equal(0, await map.CountAsync());
        Assert.False(((IIntegrityProbe)map).Inspect().IsCorrupted);
    }
}
