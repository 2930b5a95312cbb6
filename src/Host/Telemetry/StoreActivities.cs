using System.Diagnostics;
using Actors.Host.Metrics;

namespace Actors.Host.Telemetry;

/// <summary>
/// The <c>Actors.Store</c> activity source: one activity per store operation of the HTTP API, a child of ASP.NET Core's
/// request activity, tagged with the operation, the key's shard and the outcome. Nothing is created unless a listener
/// (an OpenTelemetry tracer provider with this source) is attached.
/// </summary>
public static class StoreActivities
{
    /// <summary>The source's name, for <c>AddSource</c>.</summary>
    public const string SourceName = "Actors.Store";

    internal static readonly ActivitySource Source = new(SourceName, "1.0");

    internal static Activity? Start(string operation, int? shard)
    {
        // StartActivity gives null when nothing listens.
        var activity = Source.StartActivity("store." + operation, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("store.operation", operation);
            if (shard is { } value)
            {
                activity.SetTag("store.shard", value);
            }
        }

        return activity;
    }

    internal static void Stop(Activity? activity, string outcome, Exception? error)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("store.outcome", outcome);
        if (error is not null && outcome is not (StoreOutcomes.NotFound or StoreOutcomes.VersionMismatch))
        {
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name + ": " + error.Message);
        }

        activity.Dispose();
    }
}
