using Actors.Store.Strategies;

namespace Actors.Store.Scenarios;

/// <summary>13. A static map shared across modules that register into it in parallel.</summary>
public sealed class StaticMapScenario : Scenario
{
    // Runs of this scenario share the static field, so they take turns: the race under test is between the modules
    // of one run, not between runs.
    private static readonly SemaphoreSlim Turn = new(1, 1);

    public override int Number => 13;

    public override string Name => "static-map";

    public override string Title => "Static map shared across modules";

    public override string Explanation =>
        "A static registry Dictionary is filled by every module's initialiser, or used by test classes that xunit runs in " +
        "parallel. Each module's author sees only their own registrations; nobody owns the map, and the initialisers run " +
        "concurrently (Go's plugin globals, or TestMain sharing a map). The lab starts several modules that register their " +
        "handlers in the static map at once and checks that every acknowledged registration is there.";

    public override async Task RunRoundAsync(ScenarioContext context)
    {
        await Turn.WaitAsync(context.CancellationToken);
        try
        {
            Registry.Handlers = context.Map;
            await context.RunConcurrentlyAsync(context.Workers, module => Module.RegisterAsync(context, $"module{module}"));
        }
        finally
        {
            Registry.Handlers = null;
            Turn.Release();
        }
    }

    private static class Registry
    {
        public static IKeyValueStrategy? Handlers;
    }

    private static class Module
    {
        public static async Task RegisterAsync(ScenarioContext context, string module)
        {
            for (var i = 0; i < context.Size; i++)
            {
                await context.SetAsync($"{module}/handler/{i}", Value(i), Registry.Handlers);
            }
        }
    }
}
