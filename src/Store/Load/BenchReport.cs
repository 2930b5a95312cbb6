using Actors.Store.Strategies;

namespace Actors.Store.Load;

/// <summary>Everything one lab run produced; what the terminal table, the JSON file and the HTML report show.</summary>
public sealed record BenchReport
{
    public string Tool { get; init; } = "actors comparison lab";

    public DateTimeOffset StartedAt { get; init; }

    public double ElapsedSeconds { get; init; }

    public MachineInfo Machine { get; init; } = MachineInfo.Current;

    public string WorkloadName { get; init; } = WorkloadPresets.Mixed;

    public WorkloadOptions Workload { get; init; } = new();

    public StrategyOptions StrategyOptions { get; init; } = StrategyOptions.Default;

    public IReadOnlyList<StrategyResult> Results { get; init; } = [];

    public LabOverheadResult? Overhead { get; init; }
}
