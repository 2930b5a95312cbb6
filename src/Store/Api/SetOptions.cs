namespace Actors.Store;

/// <summary>Conditions and extras of a write.</summary>
public sealed record SetOptions
{
    /// <summary>
    /// Compare-and-set: write only if the key's current version is this one; <c>0</c> means "only if the key does not
    /// exist" (create). <see langword="null"/> writes unconditionally.
    /// </summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>The key expires this long after the write (invisible at once, reclaimed by the sweep).</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>A media type stored with the value and returned with it (the HTTP API's <c>Content-Type</c>).</summary>
    public string? ContentType { get; init; }
}
