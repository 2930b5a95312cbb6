using System.Text.Json;
using Actors.Host.Hosting;
using Actors.Host.Http.Problems;
using Actors.Store;
using Microsoft.Extensions.Options;

namespace Actors.Host.Http;

/// <summary>
/// <c>POST /v1/batch</c>: an atomic batch within one shard, JSON in and out. Applied: 200 with each operation's
/// version. Not applied because an expected version did not match: 409 naming the operation and the key's version.
/// </summary>
internal sealed class BatchEndpoint(IStateStore store, IOptions<HostSettings> settings)
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var batch = ActivatorUtilities.CreateInstance<BatchEndpoint>(routes.ServiceProvider);
        routes.MapPost("/v1/batch", batch.PostAsync);
    }

    public async Task PostAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            throw new HttpProblemException(
                StatusCodes.Status415UnsupportedMediaType,
                "The batch must be JSON",
                "Send the batch with Content-Type: application/json.");
        }

        var body = await RequestBody.ReadAsync(context.Request, settings.Value.MaxRequestBodyBytes).ConfigureAwait(false);
        var request = JsonSerializer.Deserialize(body, HostJsonContext.Default.BatchRequest)
            ?? throw HttpProblemException.BadBody("The batch is null; send {\"operations\": [...]}.");
        var operations = BatchTranslator.Translate(request, settings.Value.MaxBatchOperations);

        var result = await store.BatchAsync(operations, context.RequestAborted).ConfigureAwait(false);
        if (!result.Applied)
        {
            var index = result.FailedIndex ?? 0;
            var failed = operations[index];
            await ProblemWriter.WriteAsync(context, new Problem(
                StatusCodes.Status409Conflict,
                "The batch was not applied: a version did not match",
                $"Operation {index} ({BatchTranslator.NameOf(failed)} '{failed.Key}') expected version {BatchTranslator.ExpectedVersionOf(failed)}, " +
                $"but the key is at version {result.CurrentVersionAtFailure ?? 0}. Nothing was changed.")
            {
                Extensions = new Dictionary<string, object?>
                {
                    ["failedIndex"] = index,
                    ["key"] = failed.Key,
                    ["currentVersion"] = result.CurrentVersionAtFailure ?? 0,
                },
            }).ConfigureAwait(false);
            return;
        }

        var steps = new BatchStepResponse[operations.Count];
        for (var i = 0; i < steps.Length; i++)
        {
            steps[i] = new BatchStepResponse(BatchTranslator.NameOf(operations[i]), operations[i].Key, result.Results[i]);
        }

        await context.Response.WriteAsJsonAsync(new BatchResponse(true, steps), HostJsonContext.Default.BatchResponse, contentType: null, context.RequestAborted).ConfigureAwait(false);
    }
}
