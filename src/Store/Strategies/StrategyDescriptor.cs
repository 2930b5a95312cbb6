namespace Actors.Store.Strategies;

/// <summary>A registered strategy: its name, a one-line description for reports, and its factory.</summary>
/// <param name="Name">The registered name.</param>
/// <param name="Description">One line for reports.</param>
/// <param name="Factory">Creates a fresh instance.</param>
/// <param name="Unsynchronised">
/// The strategy is expected to fail under concurrency (the baseline): race-based scenarios give it a longer bound,
/// because they run until they observe the effect.
/// </param>
public sealed record StrategyDescriptor(string Name, string Description, StrategyFactory Factory, bool Unsynchronised = false);
