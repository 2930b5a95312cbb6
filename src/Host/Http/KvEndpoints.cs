using System.Globalization;
using Actors.Host.Hosting;
using Actors.Host.Http.Problems;
using Actors.Store;
using Actors.Store.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Actors.Host.Http;

/// <summary>
/// <c>/v1/kv</c>: one key per URL (<see cref="KeyPath"/>), its version as the ETag. GET/HEAD read, PUT writes
/// (compare-and-set with <c>If-Match</c>, create-only with <c>If-None-Match: *</c>, <c>?ttl=</c>), DELETE deletes,
/// <c>POST …/increment?by=N</c> adds; <c>GET /v1/kv?prefix=</c> scans. The handlers are plain request delegates on
/// the hot path: no model binding, one store call per request. Single-key calls do not observe
/// <c>RequestAborted</c>: Kestrel creates its token source on first use, and a client that goes away cannot undo a
/// write anyway; the store's request timeout bounds every call.
/// </summary>
internal sealed class KvEndpoints(IStateStore store, StoreSettings storeSettings, IOptions<HostSettings> hostSettings)
{
    private const string IncrementSuffix = "/increment";
    private const int MaxContentTypeLength = 256;
    private const string DefaultContentType = "application/octet-stream";
    private const int MaxExistsRetries = 100;

    public static void Map(IEndpointRouteBuilder routes)
    {
        var kv = ActivatorUtilities.CreateInstance<KvEndpoints>(routes.ServiceProvider);
        routes.MapMethods("/v1/kv/{**key}", [HttpMethods.Get, HttpMethods.Head], kv.GetAsync);
        routes.MapPut("/v1/kv/{**key}", kv.PutAsync);
        routes.MapDelete("/v1/kv/{**key}", kv.DeleteAsync);
        routes.MapPost("/v1/kv/{**key}", kv.IncrementAsync);
        routes.MapGet("/v1/kv", kv.ScanAsync);
    }

    public async Task GetAsync(HttpContext context)
    {
        var key = KeyPath.KeyOf(context);
        var entry = await store.GetAsync(key).ConfigureAwait(false);
        if (entry is null)
        {
            await ProblemWriter.WriteAsync(context, KeyNotFound(key)).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.Headers.ETag = ETags.Format(entry.Version);
        if (entry.ExpiresAt is { } expiresAt)
        {
            response.Headers[ApiHeaders.ExpiresAt] = expiresAt.ToString("O", CultureInfo.InvariantCulture);
        }

        if (ETags.NoneMatchHits(context.Request, entry.Version))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = entry.ContentType ?? DefaultContentType;
        response.ContentLength = entry.Value.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(entry.Value).ConfigureAwait(false);
        }
    }

    public async Task PutAsync(HttpContext context)
    {
        var request = context.Request;
        var key = KeyPath.KeyOf(context);
        var precondition = ETags.WritePrecondition(request);
        var ttl = QueryParameters.Ttl(request);
        var contentType = ContentTypeOf(request);
        var value = await RequestBody.ReadValueAsync(request, storeSettings.MaxValueBytes).ConfigureAwait(false);

        var options = ttl is null && contentType is null && precondition.Kind is PreconditionKind.None or PreconditionKind.Exists
            ? null
            : new SetOptions
            {
                Ttl = ttl,
                ContentType = contentType,
                ExpectedVersion = precondition.Kind switch
                {
                    PreconditionKind.Version => precondition.Version,
                    PreconditionKind.Absent => 0,
                    _ => null,
                },
            };

        var result = precondition.Kind == PreconditionKind.Exists
            ? await SetIfExistsAsync(key, value, options ?? new SetOptions(), CancellationToken.None).ConfigureAwait(false)
            : await store.SetAsync(key, value, options).ConfigureAwait(false);
        if (!result.Applied)
        {
            await ProblemWriter.WriteAsync(context, PreconditionFailed(key, precondition, result.Version)).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        context.Response.Headers.ETag = ETags.Format(result.Version);
        await context.Response.WriteAsJsonAsync(new WriteResponse(key, result.Version, result.Created), HostJsonContext.Default.WriteResponse, contentType: null).ConfigureAwait(false);
    }

    public async Task DeleteAsync(HttpContext context)
    {
        var key = KeyPath.KeyOf(context);
        var precondition = ETags.WritePrecondition(context.Request);
        if (precondition.Kind == PreconditionKind.Absent)
        {
            throw HttpProblemException.BadHeader("DELETE accepts If-Match (a version such as \"7\", or *), not If-None-Match.");
        }

        var expected = precondition.Kind == PreconditionKind.Version ? precondition.Version : (long?)null;
        var result = await store.DeleteAsync(key, expected).ConfigureAwait(false);
        if (result.Deleted)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            context.Response.Headers.ETag = ETags.Format(result.Version);
            return;
        }

        await ProblemWriter.WriteAsync(
            context,
            precondition.Kind == PreconditionKind.None ? KeyNotFound(key) : PreconditionFailed(key, precondition, result.Existed ? result.Version : 0)).ConfigureAwait(false);
    }

    public async Task IncrementAsync(HttpContext context)
    {
        if (!context.Request.Path.Value!.EndsWith(IncrementSuffix, StringComparison.Ordinal))
        {
            context.Response.Headers.Allow = "GET, HEAD, PUT, DELETE";
            await ProblemWriter.WriteAsync(context, new Problem(
                StatusCodes.Status405MethodNotAllowed,
                "POST is not an operation on a key",
                "Write a key with PUT /v1/kv/{key}; the only POST on a key is POST /v1/kv/{key}/increment?by=N.")).ConfigureAwait(false);
            return;
        }

        var key = KeyPath.KeyOf(context, IncrementSuffix);
        var by = QueryParameters.Int64(context.Request, "by", 1);
        var result = await store.IncrementAsync(key, by).ConfigureAwait(false);
        context.Response.Headers.ETag = ETags.Format(result.Version);
        await context.Response.WriteAsJsonAsync(new IncrementResponse(key, result.Value, result.Version), HostJsonContext.Default.IncrementResponse, contentType: null).ConfigureAwait(false);
    }

    public async Task ScanAsync(HttpContext context)
    {
        var request = context.Request;
        var prefix = QueryParameters.Single(request, "prefix") ?? string.Empty;
        var limit = QueryParameters.Int32(request, "limit", hostSettings.Value.DefaultScanLimit, 1, 10_000);
        var cursor = QueryParameters.Single(request, "cursor") is { Length: > 0 } given ? given : null;
        var values = QueryParameters.Boolean(request, "values");

        var page = await store.ScanAsync(prefix, limit, cursor, values, context.RequestAborted).ConfigureAwait(false);
        var entries = page.Entries.Select(e => EntryJson.From(e, values)).ToArray();
        await context.Response.WriteAsJsonAsync(new ScanResponse(entries, page.Cursor), HostJsonContext.Default.ScanResponse, contentType: null, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<WriteResult> SetIfExistsAsync(string key, byte[] value, SetOptions options, CancellationToken cancellationToken)
    {
        // If-Match: * — write only over a live key. The store's compare-and-set makes it atomic: write at the version
        // just seen; if another writer got in between, the refusal carries the new version to try again with.
        var current = (await store.GetAsync(key, cancellationToken).ConfigureAwait(false))?.Version ?? 0;
        for (var attempt = 0; attempt < MaxExistsRetries && current > 0; attempt++)
        {
            var result = await store.SetAsync(key, value, options with { ExpectedVersion = current }, cancellationToken).ConfigureAwait(false);
            if (result.Applied)
            {
                return result;
            }

            current = result.Version;
        }

        return current == 0
            ? WriteResult.Mismatch(0)
            : throw new HttpProblemException(StatusCodes.Status409Conflict, "The key changes too often", $"'{key}' changed {MaxExistsRetries} times while If-Match: * tried to write it; retry with a version.");
    }

    private static string? ContentTypeOf(HttpRequest request)
    {
        var contentType = request.ContentType;

        // The default needs no storing: a value without a type reads back as application/octet-stream anyway.
        if (string.IsNullOrEmpty(contentType) || contentType == DefaultContentType)
        {
            return null;
        }

        return contentType.Length <= MaxContentTypeLength && MediaTypeHeaderValue.TryParse(contentType, out _)
            ? contentType
            : throw HttpProblemException.BadHeader($"Content-Type is not a media type such as text/plain or application/json (at most {MaxContentTypeLength} characters).");
    }

    private static Problem KeyNotFound(string key) =>
        new(StatusCodes.Status404NotFound, "The key does not exist", $"There is no live key '{key}': it was never written, was deleted, or expired.");

    private static Problem PreconditionFailed(string key, Precondition precondition, long currentVersion)
    {
        var detail = precondition.Kind switch
        {
            PreconditionKind.Absent => $"If-None-Match: * writes only a key that does not exist, but '{key}' exists at version {currentVersion}.",
            PreconditionKind.Exists => $"If-Match: * writes only a key that exists, but '{key}' does not.",
            _ when currentVersion == 0 => $"If-Match expected version {precondition.Version}, but '{key}' does not exist.",
            _ => $"If-Match expected version {precondition.Version}, but '{key}' is at version {currentVersion}.",
        };
        return new Problem(StatusCodes.Status412PreconditionFailed, "The key's version does not match", detail)
        {
            Extensions = new Dictionary<string, object?> { ["key"] = key, ["currentVersion"] = currentVersion },
        };
    }
}
