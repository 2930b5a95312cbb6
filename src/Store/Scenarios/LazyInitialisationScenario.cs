namespace Actors.Store.Scenarios;

/// <summary>15. A lazily initialised map raced by two initialisers.</summary>
public sealed class LazyInitialisationScenario : Scenario
{
    public override int Number => 15;

    public override string Name => "lazy-init";

    public override string Title => "Raced lazy initialisation";

    public override string Explanation =>
        "A lookup table is loaded on first use: `if (!loaded) { fill the map; loaded = true; }`. The check and the act are " +
        "separate, so callers arriving together all see \"not loaded\" and all fill the map at once — writing the same keys " +
        "concurrently into a map nobody else protects — and a caller can find the table half-filled. (Lazy<T> makes the " +
        "initialiser run once; it does not make the map safe afterwards.) The lab races the callers, has each read the " +
        "table once it returns, and checks the table's contents and every read.";

    public override async Task RunRoundAsync(ScenarioContext context)
    {
        var table = new LookupTable(context);
        await context.RunConcurrentlyAsync(context.Workers, async caller =>
        {
            await table.EnsureLoadedAsync();
            for (var i = caller; i < LookupTable.Size; i += context.Workers)
            {
                if (await context.GetAsync($"country/{i}") is { Found: false })
                {
                    context.MissedRead();
                }
            }
        });
    }

    private sealed class LookupTable(ScenarioContext context)
    {
        public const int Size = 2_000;
        private volatile bool _loaded;

        public async Task EnsureLoadedAsync()
        {
            if (_loaded)
            {
                return;
            }

            for (var i = 0; i < Size; i++)
            {
                await context.SetAsync($"country/{i}", Value(i));
            }

            await context.IncrementAsync("loads");
            _loaded = true;
        }
    }
}
