using Actors.Store.Strategies;

namespace Actors.Store.Scenarios;

/// <summary>10. A map shared through a closure, a parameter and a struct copied by value.</summary>
public sealed class SharedByCopyScenario : Scenario
{
    public override int Number => 10;

    public override string Name => "shared-by-copy";

    public override string Title => "A map shared through a closure, parameter or struct copy";

    public override string Explanation =>
        "A settings struct holding a Dictionary is copied into three components — one captures it in a lambda, one receives " +
        "it as a parameter, one keeps its own struct copy — by someone who thought each had its own copy. Copying a struct " +
        "copies the reference, not the map (Go's value receiver that still shares the map), so all three write one map at " +
        "the same time. The lab checks every write of every component.";

    public override Task RunRoundAsync(ScenarioContext context)
    {
        var original = new Settings(context.Map);
        var captured = original;
        var copy = original;
        return context.RunConcurrentlyAsync(3, async component =>
        {
            switch (component)
            {
                case 0:
                    await FillAsync(context, captured, "closure");
                    break;
                case 1:
                    await FillAsync(context, original, "parameter");
                    break;
                default:
                    await copy.FillOwnCopyAsync(context);
                    break;
            }
        });
    }

    private static async Task FillAsync(ScenarioContext context, Settings settings, string component)
    {
        for (var i = 0; i < context.Size; i++)
        {
            await context.SetAsync($"{component}/{i}", Value(i), settings.Values);
        }
    }

    /// <summary>A value type holding a reference: copying it shares the map.</summary>
    private readonly struct Settings(IKeyValueStrategy values)
    {
        public IKeyValueStrategy Values { get; } = values;

        public Task FillOwnCopyAsync(ScenarioContext context) => FillAsync(context, this, "struct-copy");
    }
}
