using System.Globalization;
using Actors.Host.Hosting;
using Actors.Host.Http;
using Actors.Host.Http.Problems;
using Microsoft.Extensions.Options;

namespace Actors.Host.Dashboard;

/// <summary>
/// The dashboard: <c>/</c> (the page), <c>/dashboard/app.js</c> and <c>/dashboard/app.css</c> (self-contained, no
/// CDN), <c>/dashboard/data</c> (what the page polls) and <c>/reports/latest</c> (the newest lab report, sandboxed).
/// </summary>
internal static class DashboardEndpoints
{
    private const string Policy = "default-src 'self'; img-src 'self' data:; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

    public static void Map(IEndpointRouteBuilder routes)
    {
        var settings = routes.ServiceProvider.GetRequiredService<IOptions<HostSettings>>().Value;
        var page = Resource("index.html").Replace("{{refresh-ms}}", ((int)settings.DashboardRefresh.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var script = Resource("app.js");
        var style = Resource("app.css");

        routes.MapGet("/", (HttpContext context) => Send(context, page, "text/html; charset=utf-8"));
        routes.MapGet("/dashboard/app.js", (HttpContext context) => Send(context, script, "text/javascript; charset=utf-8"));
        routes.MapGet("/dashboard/app.css", (HttpContext context) => Send(context, style, "text/css; charset=utf-8"));
        routes.MapGet("/dashboard/data", async (HttpContext context, DashboardSnapshotBuilder builder) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            var snapshot = await builder.BuildAsync(context.RequestAborted).ConfigureAwait(false);
            await context.Response.WriteAsJsonAsync(snapshot, HostJsonContext.Default.DashboardSnapshot, contentType: null, context.RequestAborted).ConfigureAwait(false);
        });
        routes.MapGet("/reports/latest", async (HttpContext context, ReportLocator reports) =>
        {
            var latest = reports.Latest();
            if (latest is null)
            {
                await ProblemWriter.WriteAsync(context, new Problem(
                    StatusCodes.Status404NotFound,
                    "There is no lab report yet",
                    $"No *.html report in {reports.Directory} (host.dashboard.reports-dir); the lab's bench command writes one.")).ConfigureAwait(false);
                return;
            }

            // The report is the lab's own page with its own scripts: a sandbox gives it no access to this origin.
            context.Response.Headers.ContentSecurityPolicy = "sandbox allow-scripts";
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.SendFileAsync(latest.FullName, context.RequestAborted).ConfigureAwait(false);
        });
    }

    private static Task Send(HttpContext context, string content, string contentType)
    {
        context.Response.ContentType = contentType;
        context.Response.Headers.ContentSecurityPolicy = Policy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-cache";
        return context.Response.WriteAsync(content, context.RequestAborted);
    }

    private static string Resource(string name)
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("Dashboard/" + name)
            ?? throw new InvalidOperationException($"The dashboard resource {name} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
