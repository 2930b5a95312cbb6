using System.Security.Cryptography;
using System.Text;
using Actors.Host.Http.Problems;

namespace Actors.Host.Security;

/// <summary>
/// Requires <c>Authorization: Bearer &lt;token&gt;</c> on every request but the health checks, compared in constant
/// time. Browsers cannot set that header when they open a page, so the dashboard's pages (<c>/</c>, its script and
/// style, <c>/reports/latest</c>) also accept the token as <c>?access_token=</c> (RFC 6750 §2.3); the page passes it on
/// to the API in the header.
/// </summary>
internal sealed class BearerTokenMiddleware(RequestDelegate next, byte[] token)
{
    private static readonly Problem Missing = new(
        StatusCodes.Status401Unauthorized,
        "A bearer token is required",
        "This server requires Authorization: Bearer <token> (host.auth.bearer-token or ACTORS_HOST_TOKEN); only /health/live and /health/ready are open.");

    private static readonly Problem Wrong = Missing with { Title = "The bearer token is not valid", Detail = "The token in Authorization: Bearer does not match the server's." };

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var presented = Presented(request);
        if (presented is null || !Matches(presented))
        {
            context.Response.Headers.WWWAuthenticate = presented is null ? "Bearer" : "Bearer error=\"invalid_token\"";
            await ProblemWriter.WriteAsync(context, presented is null ? Missing : Wrong).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return IsDashboardPage(request) && request.Query["access_token"] is { Count: 1 } query ? query[0] : null;
    }

    private static bool IsDashboardPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && (request.Path == "/" || request.Path.StartsWithSegments("/dashboard", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWithSegments("/reports", StringComparison.OrdinalIgnoreCase));

    private bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), token);
}
