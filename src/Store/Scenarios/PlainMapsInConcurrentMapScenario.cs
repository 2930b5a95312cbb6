using System.Collections.Concurrent;
using Actors.Store.Strategies;

namespace Actors.Store.Scenarios;

/// <summary>9. A concurrent collection whose values are plain maps, mutated concurrently.</summary>
public sealed class PlainMapsInConcurrentMapScenario : Scenario
{
    public override int Number => 9;

    public override string Name => "concurrent-of-plain-maps";

    public override string Title => "Concurrent collection of plain maps";

    public override string Explanation =>
        "A ConcurrentDictionary<string, Dictionary<…>> groups per-tenant maps. The outer map is safe, so the code looks " +
        "safe — but ConcurrentDictionary only protects its own slots: two requests for one tenant get the same inner map " +
        "and mutate it together (Go's sync.Map that hands out a native map). Here each inner map is an instance of the " +
        "strategy under test, so the safe strategies stay safe and the plain one shows the problem. The lab checks every " +
        "inner map's keys and counters.";

    public override async Task RunRoundAsync(ScenarioContext context)
    {
        const int Tenants = 3;
        var tenants = new ConcurrentDictionary<int, Lazy<Task<IKeyValueStrategy>>>();
        Task<IKeyValueStrategy> TenantAsync(int tenant) =>
            tenants.GetOrAdd(tenant, _ => new Lazy<Task<IKeyValueStrategy>>(() => context.CreateMapAsync().AsTask())).Value;

        await context.RunConcurrentlyAsync(context.Workers, async worker =>
        {
            for (var i = 0; i < context.Size; i++)
            {
                var map = await TenantAsync(i % Tenants);
                await context.SetAsync($"user/{worker}/{i}", Value(i), map);
                await context.IncrementAsync("visits", 1, map);
            }
        });
    }
}
