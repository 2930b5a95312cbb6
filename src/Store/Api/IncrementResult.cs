namespace Actors.Store;

/// <summary>The value after an increment and the version that wrote it.</summary>
public readonly record struct IncrementResult(long Value, long Version);
