namespace Actors.Store.Strategies;

/// <summary>A registered strategy: its name, a one-line description for reports, and its factory.</summary>
public sealed record StrategyDescriptor(string Name, string Description, StrategyFactory Factory);
