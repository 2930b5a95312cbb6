namespace Actors.Host.Http.Problems;

/// <summary>What an error response says: status, a title that names what was wrong, the detail, and extras.</summary>
internal sealed record Problem(int Status, string Title, string Detail)
{
    /// <summary>Seconds the client should wait before retrying (<c>Retry-After</c>), for 429 and 503.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Machine-readable members added to the problem document (e.g. <c>currentVersion</c>).</summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();
}
