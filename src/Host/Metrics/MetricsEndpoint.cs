using Actors.Host.Http;

namespace Actors.Host.Metrics;

/// <summary><c>GET /metrics</c>: every instrument of the configured meters in the Prometheus text exposition format.</summary>
internal static class MetricsEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/metrics", (HttpContext context, MetricsCollector collector) =>
        {
            context.Response.ContentType = PrometheusWriter.ContentType;
            context.Response.Headers.CacheControl = "no-store";
            return context.Response.WriteAsync(PrometheusWriter.Write(collector.Collect()), context.RequestAborted);
        }).WithMetadata(new MetricsRoute(Routes.Metrics));
}
