namespace Actors.Store.Strategies;

/// <summary>One present key, as a scan returns it.</summary>
public readonly record struct KeyValueEntry(string Key, byte[] Value, long Version);
