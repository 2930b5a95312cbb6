namespace Actors.Store.Linearizability;

/// <summary>
/// The state of one key in <see cref="KvModel"/>: whether it exists, its value, and its version. A deleted
/// key keeps its last version as a tombstone, so that versions never repeat. <paramref name="IsText"/> marks a
/// value that is not an integer (written by <see cref="KvSetText"/>); <paramref name="Value"/> is then its tag.
/// </summary>
public readonly record struct KvState(bool Exists, long Value, long Version, bool IsText = false)
{
    /// <summary>A key that was never written.</summary>
    public static KvState Initial => default;

    public override string ToString() => Exists ? (IsText ? $"\"t{Value}\" v{Version}" : $"{Value} v{Version}")
        : Version == 0 ? "missing"
        : $"missing (deleted at v{Version})";
}
