using Actors.Store.Load;

namespace Actors.Store.Scenarios;

/// <summary>Everything one run of the scenario catalogue produced.</summary>
public sealed record ScenarioReport
{
    public string Tool { get; init; } = "actors comparison lab: scenarios";

    public DateTimeOffset StartedAt { get; init; }

    public double ElapsedSeconds { get; init; }

    public MachineInfo Machine { get; init; } = MachineInfo.Current;

    public int MaxRounds { get; init; }

    public double TimeLimitSeconds { get; init; }

    public IReadOnlyList<string> Strategies { get; init; } = [];

    public IReadOnlyList<ScenarioResult> Scenarios { get; init; } = [];
}
