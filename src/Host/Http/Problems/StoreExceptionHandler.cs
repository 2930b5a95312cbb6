using Actors.Host.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Actors.Host.Http.Problems;

/// <summary>
/// Answers every exception that escapes an endpoint with <c>application/problem+json</c> (see <see cref="ProblemMapping"/>).
/// A request the client abandoned gets no answer; an unexpected exception is logged and answered with a 500 that
/// does not leak internals.
/// </summary>
internal sealed class StoreExceptionHandler(IOptions<HostSettings> settings, ILogger<StoreExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var problem = ProblemMapping.Map(exception, settings.Value);
        if (problem is null)
        {
            log.LogError(exception, "Unhandled error in {Method} {Path}.", httpContext.Request.Method, httpContext.Request.Path);
            problem = new Problem(StatusCodes.Status500InternalServerError, "Internal server error", "The server failed to process the request; the error is in its log.");
        }

        await ProblemWriter.WriteAsync(httpContext, problem).ConfigureAwait(false);
        return true;
    }
}
