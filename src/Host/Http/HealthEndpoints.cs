using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Actors.Host.Http;

/// <summary>
/// <c>/health/live</c>: 200 while the process serves HTTP (no checks). <c>/health/ready</c>: 200 once the store has
/// recovered, 503 while starting, failed or shutting down. Both answer JSON and need no token.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static void AddHealth(IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<StoreReadinessCheck>("store", tags: [ReadyTag]);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString().ToLowerInvariant());
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteString(name, entry.Description);
            }

            json.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }
}
