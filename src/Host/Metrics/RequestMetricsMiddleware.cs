using System.Diagnostics;
using Actors.Host.Http;

namespace Actors.Host.Metrics;

/// <summary>
/// Times every request and records it by endpoint name and final status code (<c>http.server.request.duration</c>).
/// Runs right after routing and outside the exception handler: it reads the endpoint before the handler can clear it,
/// and the status after the handler has written the problem.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, HostMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var route = context.GetEndpoint()?.Metadata.GetMetadata<MetricsRoute>()?.Name ?? Routes.Unmatched;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            metrics.RequestCompleted(route, context.Response.StatusCode, start);
        }
    }
}
