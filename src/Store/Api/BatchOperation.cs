namespace Actors.Store;

/// <summary>One step of an atomic <see cref="IStateStore.BatchAsync"/> (all keys in one shard).</summary>
public abstract record BatchOperation(string Key)
{
    /// <summary>Set a value, optionally only at an expected version.</summary>
    public sealed record Set(string Key, ReadOnlyMemory<byte> Value, SetOptions? Options = null) : BatchOperation(Key);

    /// <summary>Delete a key, optionally only at an expected version.</summary>
    public sealed record Delete(string Key, long? ExpectedVersion = null) : BatchOperation(Key);

    /// <summary>Add to an integer value.</summary>
    public sealed record Increment(string Key, long By = 1) : BatchOperation(Key);

    /// <summary>Require the key to be at a version (0: absent) without changing it.</summary>
    public sealed record Check(string Key, long ExpectedVersion) : BatchOperation(Key);
}
