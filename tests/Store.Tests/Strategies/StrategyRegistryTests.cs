using Actors.Store.Strategies;

namespace Actors.Store.Tests.Strategies;

public sealed class StrategyRegistryTests
{
    [Fact]
    public void The_default_registry_holds_the_in_process_catalogue_and_direct_go()
    {
        var registry = StrategyRegistry.CreateDefault();
        Assert.Equal(
            ["direct", "locked", "rwlocked", "striped", "concurrent", "cow", "direct-go"],
            registry.Strategies.Select(s => s.Name));
        Assert.Equal(["direct", "locked", "rwlocked", "striped", "concurrent", "cow"], registry.Resolve(null));
    }

    [Fact]
    public async Task Registered_strategies_join_the_default_selection_in_catalogue_order()
    {
        var registry = StrategyRegistry.CreateDefault();
        registry.Register(StrategyNames.ActorBounded, "bounded", (_, _) => ValueTask.FromResult<IKeyValueStrategy>(new LockedStrategy()));
        registry.Register(StrategyNames.Actor, "unbounded", (options, _) => ValueTask.FromResult<IKeyValueStrategy>(new StripedStrategy(options.Shards)));
        Assert.Equal(StrategyNames.Catalogue, registry.Resolve([]));
        await using var actor = await registry.CreateAsync(StrategyNames.Actor, new StrategyOptions { Shards = 3 });
        Assert.Equal(3, ((StripedStrategy)actor).StripeCount);
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
