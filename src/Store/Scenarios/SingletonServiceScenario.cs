using Actors.Store.Strategies;

namespace Actors.Store.Scenarios;

/// <summary>11. A singleton service holding a map, hit by concurrent requests.</summary>
public sealed class SingletonServiceScenario : Scenario
{
    public override int Number => 11;

    public override string Name => "singleton-service";

    public override string Title => "Singleton service hit by concurrent requests";

    public override string Explanation =>
        "A service registered as a singleton keeps a Dictionary cache and a hit counter. Each request is written as if it " +
        "were alone: look up, compute and store on a miss, count the request. ASP.NET Core runs requests in parallel on the " +
        "thread pool, so the singleton's map is written from many threads at once (Go's HTTP handler without a lock). The " +
        "lab sends concurrent requests and checks the cache entries and that the counter equals the acknowledged requests.";

    public override Task RunRoundAsync(ScenarioContext context)
    {
        var service = new PriceService(context, context.Map);
        return Parallel.ForEachAsync(
            Enumerable.Range(0, context.Workers * context.Size / 4),
            new ParallelOptions { MaxDegreeOfParallelism = context.Workers },
            async (request, _) => await service.HandleAsync($"sku/{request % 500}", request));
    }

    private sealed class PriceService(ScenarioContext context, IKeyValueStrategy cache)
    {
        public async Task HandleAsync(string sku, int request)
        {
            await context.IncrementAsync("requests", 1, cache);
            if (await context.GetAsync(sku, cache) is { Found: false })
            {
                await context.SetAsync(sku, Value(sku.Length), cache);
            }

            await context.SetAsync($"last/{request}", Value(request), cache);
        }
    }
}
