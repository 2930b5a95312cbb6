namespace Actors.Store.Scenarios;

/// <summary>One scenario across the strategies.</summary>
public sealed record ScenarioResult(int Number, string Name, string Title, string Explanation, IReadOnlyList<ScenarioOutcome> Outcomes);
