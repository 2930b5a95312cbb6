using Actors.Diagnostics;
using Actors.Host.Hosting;
using Actors.Host.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Actors.Host.Telemetry;

/// <summary>
/// OpenTelemetry for <c>serve</c>: metrics from the meters in <c>host.metrics.meters</c>, exported by OpenTelemetry's
/// Prometheus exporter on <c>GET /metrics</c> and read by the dashboard through its own reader; traces of ASP.NET
/// Core's requests and the store's operations, exported only when the standard <c>OTEL_*</c> variables ask for it.
/// </summary>
internal static class HostTelemetry
{
    /// <summary>The service name on every exported signal unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "actors-host";

    public static void AddHostTelemetry(this IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        var traces = OtelExporters.FromConfiguration(configuration, "TRACES");
        var pushedMetrics = OtelExporters.FromConfiguration(configuration, "METRICS");
        var dashboard = new DashboardMetricReader();
        services.AddSingleton(dashboard);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: typeof(HostTelemetry).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. settings.Meters]);

                // ASP.NET Core's request durations, with buckets fine enough for loopback.
                metrics.AddView("http.server.request.duration", new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets.Seconds });
                metrics.AddPrometheusExporter(options =>
                {
                    // Every scrape sees the figures of that moment (the exporter caches for 300 ms by default).
                    options.ScrapeResponseCacheDurationMilliseconds = 0;
                });
                metrics.AddReader(dashboard);
                if (pushedMetrics.Otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (pushedMetrics.Console)
                {
                    metrics.AddConsoleExporter();
                }
            });

        if (traces.Any)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(StoreActivities.SourceName);
                tracing.AddAspNetCoreInstrumentation(options =>
                    // Scrapes and probes would drown the requests worth seeing.
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/metrics") && !context.Request.Path.StartsWithSegments("/health"));
                if (traces.Otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (traces.Console)
                {
                    tracing.AddConsoleExporter();
                }
            });
        }
    }

    /// <summary><c>GET /metrics</c>: the Prometheus text exposition of every metric, from OpenTelemetry's exporter.</summary>
    public static void MapMetrics(IEndpointRouteBuilder routes) => routes.MapPrometheusScrapingEndpoint("/metrics");
}
