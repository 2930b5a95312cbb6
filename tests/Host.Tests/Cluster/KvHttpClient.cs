using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Actors.Store.Linearizability;

namespace Actors.Host.Tests.Cluster;

/// <summary>How a call through <see cref="KvHttpClient"/> ended.</summary>
internal enum KvOutcome
{
    /// <summary>The server answered with a result; the history holds it.</summary>
    Answered,

    /// <summary>
    /// Certainly nothing was done: a read that got no answer, or a write refused as overloaded (429, refused before
    /// it reached the shard). Left out of the history — it cannot have changed anything.
    /// </summary>
    NotApplied,

    /// <summary>
    /// A write without a usable answer (503, a timeout, a dropped connection): it may or may not have been applied,
    /// then or later; the history records its outcome as unknown, which the checker lets take effect or not.
    /// </summary>
    Unknown,
}

/// <summary>What a call got: its outcome, the status or error it ended with, and the answer the history recorded.</summary>
internal sealed record KvReply(KvOutcome Outcome, string Status, KvOutput? Output = null)
{
    public bool Answered => Outcome == KvOutcome.Answered;

    public override string ToString() => Output is null ? $"{Outcome} ({Status})" : $"{Output} ({Status})";
}

/// <summary>
/// The store's HTTP API as the linearizability checker sees it: each call is recorded in the history with what can
/// honestly be said of it (see <see cref="KvOutcome"/>), and returned so that the test can count and assert. Answers
/// outside the API's contract — a status the operation cannot have, or a refusal (429, 503) without
/// <c>Retry-After</c> and a problem body — are collected in <see cref="Unexpected"/>, which a test should find empty.
/// </summary>
internal sealed class KvHttpClient(HistoryRecorder<KvInput, KvOutput> history)
{
    private readonly ConcurrentQueue<string> _unexpected = new();

    public IReadOnlyCollection<string> Unexpected => _unexpected;

    public async Task<KvReply> GetAsync(HttpClient node, int client, string key)
    {
        var call = history.Call(client, new KvGet(key));
        try
        {
            using var response = await node.GetAsync($"/v1/kv/{key}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return Complete(call, response, KvMissing.Instance);
            }

            if (response.StatusCode == HttpStatusCode.OK)
            {
                return Complete(call, response, new KvFound(long.Parse(await response.Content.ReadAsStringAsync(), CultureInfo.InvariantCulture), Version(response)));
            }

            await CheckRefusalAsync(node, key, response);
            call.Discard();
            return new KvReply(KvOutcome.NotApplied, Code(response));
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            call.Discard();
            return new KvReply(KvOutcome.NotApplied, error.GetType().Name);
        }
    }

    public async Task<KvReply> SetAsync(HttpClient node, int client, string key, long value, long? expectedVersion = null)
    {
        var call = history.Call(client, expectedVersion is { } expected ? new KvCompareAndSet(key, expected, value) : new KvSet(key, value));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/kv/{key}") { Content = new StringContent(value.ToString(CultureInfo.InvariantCulture)) };
        if (expectedVersion is { } version)
        {
            if (version == 0)
            {
                request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
            }
            else
            {
                request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
            }
        }

        try
        {
            using var response = await node.SendAsync(request);
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
            {
                return Complete(call, response, new KvWritten(Version(response)));
            }

            if (response.StatusCode == HttpStatusCode.PreconditionFailed && expectedVersion is not null)
            {
                return Complete(call, response, KvVersionMismatch.Instance);
            }

            return await RefusedWriteAsync(call, node, key, response);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            call.CompleteUnknown();
            return new KvReply(KvOutcome.Unknown, error.GetType().Name);
        }
    }

    public async Task<KvReply> IncrementAsync(HttpClient node, int client, string key)
    {
        var call = history.Call(client, new KvIncrement(key, 1));
        try
        {
            using var response = await node.PostAsync($"/v1/kv/{key}/increment?by=1", null);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return Complete(call, response, new KvIncremented(json.RootElement.GetProperty("value").GetInt64(), json.RootElement.GetProperty("version").GetInt64()));
            }

            return await RefusedWriteAsync(call, node, key, response);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            call.CompleteUnknown();
            return new KvReply(KvOutcome.Unknown, error.GetType().Name);
        }
    }

    private static KvReply Complete(PendingOperation<KvInput, KvOutput> call, HttpResponseMessage response, KvOutput output)
    {
        call.Complete(output);
        return new KvReply(KvOutcome.Answered, Code(response), output);
    }

    // A write not answered with its result. 429 is refused before the shard sees it: certainly not applied. Anything
    // else (503 after a timeout, an owner that stopped answering mid-request) may or may not have applied it.
    private async Task<KvReply> RefusedWriteAsync(PendingOperation<KvInput, KvOutput> call, HttpClient node, string key, HttpResponseMessage response)
    {
        await CheckRefusalAsync(node, key, response);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            call.Discard();
            return new KvReply(KvOutcome.NotApplied, Code(response));
        }

        call.CompleteUnknown();
        return new KvReply(KvOutcome.Unknown, Code(response));
    }

    // Refusals the API promises are 429 and 503, each with Retry-After and a problem body; anything else is a bug.
    private async Task CheckRefusalAsync(HttpClient node, string key, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
        {
            _unexpected.Enqueue($"{node.BaseAddress} {key}: {Code(response)} {body}");
        }
        else if (response.Headers.RetryAfter is null || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            _unexpected.Enqueue($"{node.BaseAddress} {key}: {Code(response)} without Retry-After or a problem body: {body}");
        }
    }

    private static string Code(HttpResponseMessage response) => ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);

    private static long Version(HttpResponseMessage response) =>
        long.Parse(response.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
}
