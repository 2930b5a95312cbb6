using Actors.Store.Strategies;

namespace Actors.Store.Scenarios;

/// <summary>
/// A run of the scenario catalogue. Each (scenario, strategy) cell runs rounds until an effect is observed, or
/// until <see cref="MaxRounds"/> rounds or <see cref="TimeLimit"/> have passed without one. An unsynchronised
/// strategy (the baseline, where an effect is expected) gets the more generous <see cref="UnsynchronisedMaxRounds"/>
/// and <see cref="UnsynchronisedTimeLimit"/>: races are probabilistic per round and near-certain over many.
/// </summary>
public sealed record ScenarioOptions
{
    /// <summary>Scenario names (see <see cref="ScenarioCatalogue"/>); null or empty runs them all.</summary>
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>Strategy names; null or empty means every registered catalogue strategy.</summary>
    public IReadOnlyList<string>? Strategies { get; init; }

    public StrategyOptions StrategyOptions { get; init; } = StrategyOptions.Default;

    public int MaxRounds { get; init; } = 10;

    /// <summary>The most time one cell may take before the lab accepts that it observed nothing.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(2);

    public int UnsynchronisedMaxRounds { get; init; } = 500;

    public TimeSpan UnsynchronisedTimeLimit { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one round may take before the lab declares the strategy hung and moves on.</summary>
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Concurrent parties per scenario.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Operations per party per round.</summary>
    public int Size { get; init; } = 2_000;

    public string? JsonPath { get; init; }

    public string? HtmlPath { get; init; }

    public void Validate()
    {
        var problems = new List<string>();
        if (MaxRounds < 1)
        {
            problems.Add($"max rounds must be at least 1 (was {MaxRounds})");
        }

        if (TimeLimit <= TimeSpan.Zero || RoundTimeout <= TimeSpan.Zero)
        {
            problems.Add("time limit and round timeout must be positive");
        }

        if (Workers is < 2 or > 256)
        {
            problems.Add($"workers must be between 2 and 256 (was {Workers})");
        }

        if (Size is < 1 or > 1_000_000)
        {
            problems.Add($"size must be between 1 and 1,000,000 (was {Size})");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid scenario options: " + string.Join("; ", problems) + ".");
        }
    }
}
