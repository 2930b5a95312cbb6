namespace Actors.Store;

/// <summary>
/// The outcome of a set: either <see cref="Applied"/> with the new <see cref="Version"/>, or refused because the
/// expected version did not match, with the key's <see cref="Version"/> at that moment (0 if it did not exist).
/// </summary>
public readonly record struct WriteResult(bool Applied, long Version, bool Created)
{
    /// <summary>A write that happened.</summary>
    public static WriteResult Written(long version, bool created) => new(true, version, created);

    /// <summary>A compare-and-set that did not match; <paramref name="currentVersion"/> is 0 for a missing key.</summary>
    public static WriteResult Mismatch(long currentVersion) => new(false, currentVersion, false);
}
