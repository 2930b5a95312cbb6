using Actors.Store.Load;

namespace Actors.Store.Scenarios;

/// <summary>Progress of a scenario run: the cell being run, and its verdict once it has one.</summary>
public sealed record ScenarioProgress(string Scenario, int ScenarioIndex, int ScenarioCount, string Strategy, int StrategyIndex, int StrategyCount, int Round, Verdict? Verdict);
