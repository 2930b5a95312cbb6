using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Actors.Store.Linearizability;

namespace Actors.Host.Tests.Cluster;

/// <summary>
/// The store's HTTP API as the linearizability checker sees it: each call is recorded with its outcome — known when
/// the server answered, unknown when it failed in a way that may or may not have applied the operation (503, a timeout,
/// a dropped connection), and discarded when it certainly did nothing (a read that failed, a 429 refusal).
/// </summary>
internal sealed class KvHttpClient(HistoryRecorder<KvInput, KvOutput> history)
{
    public async Task GetAsync(HttpClient node, int client, string key)
    {
        var call = history.Call(client, new KvGet(key));
        try
        {
            using var response = await node.GetAsync($"/v1/kv/{key}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                call.Complete(new KvMissing());
            }
            else if (response.IsSuccessStatusCode)
            {
                call.Complete(new KvFound(long.Parse(await response.Content.ReadAsStringAsync(), CultureInfo.InvariantCulture), Version(response)));
            }
            else
            {
                call.Discard();
            }
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            call.Discard();
        }
    }

    public async Task<bool> SetAsync(HttpClient node, int client, string key, long value, long? expectedVersion = null)
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
            if (response.IsSuccessStatusCode)
            {
                call.Complete(new KvWritten(Version(response)));
                return true;
            }

            if (response.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                call.Complete(new KvVersionMismatch());
            }
            else
            {
                RecordRefusal(call, response.StatusCode);
            }
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            call.CompleteUnknown();
        }

        return false;
    }

    public async Task IncrementAsync(HttpClient node, int client, string key)
    {
        var call = history.Call(client, new KvIncrement(key, 1));
        try
        {
            using var response = await node.PostAsync($"/v1/kv/{key}/increment?by=1", null);
            if (response.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                call.Complete(new KvIncremented(json.RootElement.GetProperty("value").GetInt64(), json.RootElement.GetProperty("version").GetInt64()));
            }
            else
            {
                RecordRefusal(call, response.StatusCode);
            }
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            call.CompleteUnknown();
        }
    }

    // A write that was not answered with success: a 429 certainly did nothing; anything else (503 after a timeout, say)
    // may or may not have applied it.
    private static void RecordRefusal(PendingOperation<KvInput, KvOutput> call, HttpStatusCode status)
    {
        if (status == HttpStatusCode.TooManyRequests)
        {
            call.Discard();
        }
        else
        {
            call.CompleteUnknown();
        }
    }

    private static long Version(HttpResponseMessage response) =>
        long.Parse(response.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
}
