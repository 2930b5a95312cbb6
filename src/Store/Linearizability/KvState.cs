namespace Actors.Store.Linearizability;

/// <summary>
/// The state of one key in <see cref="KvModel"/>: whether it exists, its value, and its version. A deleted
/// key keeps its last version as a tombstone, so that versions never repeat.
/// </summary>
public readonly record struct KvState(bool Exists, long Value, long Version)
{
    /// <summary>A key that was never written.</summary>
    public static KvState Initial => default;

    public override string ToString() => Exists ? $"{Value} v{Version}"
        : Version == 0 ? "missing"
        : $"missing (deleted at v{Version})";
}
