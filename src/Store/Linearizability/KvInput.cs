namespace Actors.Store.Linearizability;

/// <summary>A request to the key-value store, as <see cref="KvModel"/> checks it.</summary>
/// <remarks>
/// Values are integers (ideally a distinct one per write, which makes anomalies easier to see), except those
/// written by <see cref="KvSetText"/>: a value that is not an integer, which an increment must refuse.
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
/// Writes a value that is not an integer, so that an increment of it fails with <see cref="KvNotAnInteger"/>:
/// answered by <see cref="KvWritten"/>. <paramref name="Tag"/> tells such writes apart (the workload writes a text
/// that carries it, such as <c>"t17"</c>), and a read of the value answers <see cref="KvFoundText"/> with it.
/// </summary>
public sealed record KvSetText(string Key, long Tag) : KvInput(Key)
{
    public override string ToString() => $"set({Key}, \"t{Tag}\")";
}

/// <summary>
/// Writes a key only if its current version is <paramref name="ExpectedVersion"/>, where 0 means "only if
/// the key does not exist": answered by <see cref="KvWritten"/> or <see cref="KvVersionMismatch"/>.
/// </summary>
public sealed record KvCompareAndSet(string Key, long ExpectedVersion, long Value) : KvInput(Key)
{
    public override string ToString() => $"cas({Key}, v{ExpectedVersion}, {Value})";
}

/// <summary>
/// Adds <paramref name="By"/> to a key's integer value (a missing key counts as 0): answered by
/// <see cref="KvIncremented"/>, or by <see cref="KvNotAnInteger"/> when the value is not an integer or the sum
/// overflows a 64-bit integer.
/// </summary>
public sealed record KvIncrement(string Key, long By) : KvInput(Key)
{
    public override string ToString() => $"increment({Key}, {By})";
}

/// <summary>Removes a key: answered by <see cref="KvDeleted"/>.</summary>
public sealed record KvDelete(string Key) : KvInput(Key)
{
    public override string ToString() => $"delete({Key})";
}
