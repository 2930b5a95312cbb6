using Actors.Store.Strategies;

namespace Actors.Store.Load;

/// <summary>One run of the comparison lab: a workload, the strategies to run it against, and where to write results.</summary>
public sealed record BenchOptions
{
    public WorkloadOptions Workload { get; init; } = new();

    /// <summary>Strategy names in report order; null or empty means every registered catalogue strategy.</summary>
    public IReadOnlyList<string>? Strategies { get; init; }

    public StrategyOptions StrategyOptions { get; init; } = StrategyOptions.Default;

    /// <summary>The workload preset the options came from, for the report (see <see cref="WorkloadPresets"/>).</summary>
    public string WorkloadName { get; init; } = WorkloadPresets.Mixed;

    /// <summary>Where to write the JSON result file, if anywhere.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Where to write the HTML report, if anywhere.</summary>
    public string? HtmlPath { get; init; }

    /// <summary>
    /// How long the lab waits for a strategy to finish its in-flight operations after the run, or for a
    /// verification, before it declares the strategy hung and moves on (a corrupted map can spin forever).
    /// </summary>
    public TimeSpan HangTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Measure the lab's own cost per operation against a no-op strategy before the run.</summary>
    public bool MeasureOverhead { get; init; } = true;
}
