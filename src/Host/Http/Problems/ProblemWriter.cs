using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Actors.Host.Http.Problems;

/// <summary>Writes a <see cref="Problem"/> as <c>application/problem+json</c> through ASP.NET Core's problem details service.</summary>
internal static class ProblemWriter
{
    public static async Task WriteAsync(HttpContext context, Problem problem)
    {
        var response = context.Response;
        response.StatusCode = problem.Status;
        if (problem.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var details = new ProblemDetails { Status = problem.Status, Title = problem.Title, Detail = problem.Detail };
        foreach (var (name, value) in problem.Extensions)
        {
            details.Extensions[name] = value;
        }

        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details }).ConfigureAwait(false);
    }
}
