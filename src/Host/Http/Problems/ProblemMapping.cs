using System.Text.Json;
using Actors.Host.Hosting;
using Actors.Store;

using Actors.Host.Cluster;
using Actors.Store.Routing;

namespace Actors.Host.Http.Problems;

/// <summary>
/// Maps what can go wrong in a request to its HTTP answer. Bad input is 4xx with the store's own message as detail;
/// overload is 429 and unavailability (starting, shutting down, timed out) is 503, both with <c>Retry-After</c>;
/// anything else is a 500 whose detail hides the internals (they are logged).
/// </summary>
internal static class ProblemMapping
{
    public static Problem? Map(Exception exception, HostSettings settings) => exception switch
    {
        HttpProblemException http => new Problem(http.Status, http.Title, http.Message),
        InvalidKeyException => new Problem(StatusCodes.Status400BadRequest, "The key is not valid", exception.Message),
        InvalidCursorException => new Problem(StatusCodes.Status400BadRequest, "The scan cursor is not valid", exception.Message),
        CrossShardBatchException => new Problem(StatusCodes.Status400BadRequest, "The batch's keys are in more than one shard", exception.Message),
        ValueTooLargeException => new Problem(StatusCodes.Status413PayloadTooLarge, "The value is too large", exception.Message),
        NotAnIntegerException => new Problem(StatusCodes.Status409Conflict, "The value is not an integer", exception.Message),
        StoreOverloadedException => new Problem(StatusCodes.Status429TooManyRequests, "The store is overloaded", exception.Message) { RetryAfter = settings.RetryAfter },
        StoreUnavailableException => new Problem(StatusCodes.Status503ServiceUnavailable, "The store is unavailable", exception.Message) { RetryAfter = settings.RetryAfter },
        ShardOwnerUnreachableException or ShardNotDeliveredException or ShardNotOwnedException or ShardOwnershipLostException => new Problem(
            StatusCodes.Status503ServiceUnavailable, "The shard's owner cannot be reached right now", exception.Message) { RetryAfter = settings.RetryAfter },
        AskTimeoutException or TimeoutException => new Problem(
            StatusCodes.Status503ServiceUnavailable,
            "The store did not answer in time",
            "The key's shard did not answer within store.request-timeout; the operation may or may not have been applied. Retry (reads and compare-and-set are safe to retry).")
        {
            RetryAfter = settings.RetryAfter,
        },
        JsonException json => new Problem(StatusCodes.Status400BadRequest, "The JSON body is malformed", Describe(json)),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new Problem(
            StatusCodes.Status413PayloadTooLarge,
            "The request body is too large",
            $"The request body exceeds host.limits.max-request-body-bytes ({settings.MaxRequestBodyBytes:N0} bytes)."),
        BadHttpRequestException bad => new Problem(bad.StatusCode, "The request is malformed", bad.Message),
        ArgumentException => new Problem(StatusCodes.Status400BadRequest, "A request parameter is not valid", exception.Message),
        _ => null,
    };

    // The serializer's messages name .NET types; say it in the API's terms, with where it went wrong.
    private static string Describe(JsonException json)
    {
        var where = $"at {json.Path ?? "$"} (line {(json.LineNumber ?? 0) + 1}, byte {(json.BytePositionInLine ?? 0) + 1})";
        return json.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? $"Unknown member {where}. A batch is {{\"operations\": [...]}}; an operation takes op, key, value, valueBase64, ifVersion, version, by, ttl and contentType."
            : json.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? $"A member has the wrong type {where}: versions and by are whole numbers; key, value, valueBase64, ttl and contentType are strings."
                : $"The body is not valid JSON {where}.";
    }
}
