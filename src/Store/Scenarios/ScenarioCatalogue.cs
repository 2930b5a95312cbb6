namespace Actors.Store.Scenarios;

/// <summary>The scenarios of DESIGN.md section 4, in catalogue order.</summary>
public static class ScenarioCatalogue
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new WriteWriteScenario(),
        new ReadDuringWriteScenario(),
        new EnumerateDuringWriteScenario(),
        new ResizeBurstScenario(),
        new RemoveRacingSetScenario(),
        new ClearDuringReadsScenario(),
        new FinallyWritesScenario(),
        new AsyncContinuationsScenario(),
        new PlainMapsInConcurrentMapScenario(),
        new SharedByCopyScenario(),
        new SingletonServiceScenario(),
        new FireAndForgetScenario(),
        new StaticMapScenario(),
        new CallbacksScenario(),
        new LazyInitialisationScenario(),
    ];

    /// <summary>The named scenarios in the order given, or all of them.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the known ones.</exception>
    public static IReadOnlyList<Scenario> Resolve(IReadOnlyList<string>? names)
    {
        if (names is null || names.Count == 0)
        {
            return All;
        }

        return [.. names.Select(name => All.FirstOrDefault(s => s.Name == name || s.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == name)
            ?? throw new ArgumentException($"Unknown scenario '{name}'. Known: {string.Join(", ", All.Select(s => s.Name))}.", nameof(names)))];
    }
}
