using Actors.Store;

namespace Actors.Host.Metrics;

/// <summary>The <c>outcome</c> tag of <c>store.operations</c>.</summary>
internal static class StoreOutcomes
{
    public const string Ok = "ok";
    public const string NotFound = "not_found";
    public const string VersionMismatch = "version_mismatch";

    public static string Of(Exception exception) => exception switch
    {
        ValueTooLargeException => "too_large",
        StoreOverloadedException => "overloaded",
        StoreUnavailableException => "unavailable",
        AskTimeoutException => "timeout",
        OperationCanceledException => "cancelled",
        InvalidKeyException or NotAnIntegerException or CrossShardBatchException or InvalidCursorException or ArgumentException => "invalid",
        _ => "error",
    };
}
