namespace Actors.Store.Strategies;

/// <summary>The answer to a read: the value and version of a present key, or <see cref="Missing"/>.</summary>
public readonly record struct ReadResult(bool Found, byte[]? Value, long Version)
{
    /// <summary>The key is not present (never written, or deleted).</summary>
    public static ReadResult Missing => default;

    /// <summary>A present key.</summary>
    public static ReadResult Of(byte[] value, long version) => new(true, value, version);
}
