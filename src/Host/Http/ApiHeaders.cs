namespace Actors.Host.Http;

/// <summary>Headers of this API that HTTP does not define.</summary>
internal static class ApiHeaders
{
    /// <summary>When a key with a TTL expires (ISO 8601, UTC), on GET and HEAD.</summary>
    public const string ExpiresAt = "Expires-At";
}
