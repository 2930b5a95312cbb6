namespace Actors.Store.Linearizability;

/// <summary>A request to the key-value store, as <see cref="KvModel"/> checks it.</summary>
/// <remarks>
/// Values are integers: a workload that checks linearizability writes numbers (ideally a distinct one per
/// write, which makes anomalies easier to see), and <see cref="KvIncrement"/> needs them anyway.
/// </remarks>
public abstract record KvInput(string Key);

/// <summary>Reads a key: answered by <see cref="KvFound"/> or <see cref="KvMissing"/>.</summary>
public sealed record KvGet(string Key) : KvInput(Key)
{
    public override string ToString() => $"get({Key})";
}

/// <summary>Writes a key unconditionally: answered by <see cref="KvWritten"/>.</summary>
public sealed record KvSet(string Key, long Value) : KvInput(Key)
{
    public override string ToString() => $"set({Key}, {Value})";
}

/// <summary>
/// Writes a key only if its current version is <paramref name="ExpectedVersion"/>, where 0 means "only if
/// the key does not exist": answered by <see cref="KvWritten"/> or <see cref="KvVersionMismatch"/>.
/// </summary>
public sealed record KvCompareAndSet(string Key, long ExpectedVersion, long Value) : KvInput(Key)
{
    public override string ToString() => $"cas({Key}, v{ExpectedVersion}, {Value})";
}

/// <summary>Adds <paramref name="By"/> to a key's value (a missing key counts as 0): answered by <see cref="KvIncremented"/>.</summary>
public sealed record KvIncrement(string Key, long By) : KvInput(Key)
{
    public override string ToString() => $"increment({Key}, {By})";
}

/// <summary>Removes a key: answered by <see cref="KvDeleted"/>.</summary>
public sealed record KvDelete(string Key) : KvInput(Key)
{
    public override string ToString() => $"delete({Key})";
}
