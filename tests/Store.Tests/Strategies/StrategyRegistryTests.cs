using Actors.Store.Strategies;

namespace Actors.Store.Tests.Strategies;

public sealed class StrategyRegistryTests
{
    [Fact]
    public void The_default_registry_holds_the_whole_catalogue_and_direct_go()
    {
        var registry = StrategyRegistry.CreateDefault();
        Assert.Equal(
            ["direct", "locked", "rwlocked", "striped", "concurrent", "cow", "actor", "actor-bounded", "direct-go"],
            registry.Strategies.Select(s => s.Name));
        Assert.Equal(StrategyNames.Catalogue, registry.Resolve(null));
        Assert.Equal(StrategyNames.Catalogue, registry.Resolve([]));
    }

    [Fact]
    public async Task A_registered_strategy_is_created_with_the_options()
    {
        var registry = StrategyRegistry.CreateDefault();
        registry.Register("striped-3", "three stripes", (options, _) => ValueTask.FromResult<IKeyValueStrategy>(new StripedStrategy(options.Shards)));
        await using var custom = await registry.CreateAsync("striped-3", new StrategyOptions { Shards = 3 });
        Assert.Equal(3, ((StripedStrategy)custom).StripeCount);
        Assert.Equal(StrategyNames.Catalogue, registry.Resolve(null));
    }

    [Fact]
    public void Unknown_repeated_and_duplicate_names_are_clear_errors()
    {
        var registry = StrategyRegistry.CreateDefault();
        var unknown = Assert.Throws<ArgumentException>(() => registry.Resolve(["locked", "nope"]));
        Assert.Contains("Unknown strategy 'nope'. Registered: direct, locked", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("listed twice", Assert.Throws<ArgumentException>(() => registry.Resolve(["cow", "cow"])).Message, StringComparison.Ordinal);
        Assert.Contains("already registered", Assert.Throws<ArgumentException>(
            () => registry.Register("cow", "again", (_, _) => ValueTask.FromResult<IKeyValueStrategy>(new LockedStrategy()))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new StrategyOptions { Shards = 0 }.Validate());
    }
}
