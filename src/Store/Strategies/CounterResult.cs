namespace Actors.Store.Strategies;

/// <summary>The answer to an increment: the counter's new value and the version that wrote it.</summary>
public readonly record struct CounterResult(long Value, long Version);
