namespace Actors.Store.Linearizability;

/// <summary>A response of the key-value store, as <see cref="KvModel"/> checks it.</summary>
public abstract record KvOutput;

/// <summary>A <see cref="KvGet"/> found the key with this value and version.</summary>
public sealed record KvFound(long Value, long Version) : KvOutput
{
    public override string ToString() => $"{Value} v{Version}";
}

/// <summary>
/// A <see cref="KvGet"/> found a value that is not an integer, the one the <see cref="KvSetText"/> with this
/// <paramref name="Tag"/> wrote, at this version.
/// </summary>
public sealed record KvFoundText(long Tag, long Version) : KvOutput
{
    public override string ToString() => $"\"t{Tag}\" v{Version}";
}

/// <summary>A <see cref="KvGet"/> found no such key.</summary>
public sealed record KvMissing : KvOutput
{
    public static KvMissing Instance { get; } = new();

    public override string ToString() => "missing";
}

/// <summary>A <see cref="KvSet"/>, or a <see cref="KvCompareAndSet"/> whose version matched, wrote this version.</summary>
public sealed record KvWritten(long Version) : KvOutput
{
    public override string ToString() => $"v{Version}";
}

/// <summary>A <see cref="KvCompareAndSet"/> found another version than the one it expected, and wrote nothing.</summary>
public sealed record KvVersionMismatch : KvOutput
{
    public static KvVersionMismatch Instance { get; } = new();

    public override string ToString() => "version mismatch";
}

/// <summary>
/// A <see cref="KvIncrement"/> produced this value and version; <paramref name="Version"/> is null when the
/// store does not report it, and is then not checked.
/// </summary>
public sealed record KvIncremented(long Value, long? Version = null) : KvOutput
{
    public override string ToString() => Version is { } version ? $"{Value} v{version}" : $"{Value}";
}

/// <summary>
/// A <see cref="KvIncrement"/> found a value that is not an integer (or one whose sum would overflow) and changed
/// nothing: the store's <c>NotAnIntegerException</c>.
/// </summary>
public sealed record KvNotAnInteger : KvOutput
{
    public static KvNotAnInteger Instance { get; } = new();

    public override string ToString() => "not an integer";
}

/// <summary>A <see cref="KvDelete"/> removed the key (<paramref name="Existed"/>) or found nothing to remove.</summary>
public sealed record KvDeleted(bool Existed) : KvOutput
{
    public override string ToString() => Existed ? "deleted" : "not found";
}
