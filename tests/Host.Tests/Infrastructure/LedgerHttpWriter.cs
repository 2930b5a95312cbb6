using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Actors.Store.CrashProbe;

namespace Actors.Host.Tests.Infrastructure;

/// <summary>
/// One writer over the HTTP API whose every write goes through a <see cref="CrashLedger"/>. It owns its keys — four
/// plain keys and a counter — and overwrites them (PUT), compare-and-sets them (<c>If-Match</c> with the version it
/// knows, <c>If-None-Match: *</c> for a missing key, and now and then a version the key does not have), deletes them
/// and increments the counter. Each write is recorded as begun before its request is sent and acknowledged with the
/// answer (the version is the ETag) once it is answered; an answer the API does not promise is an
/// <see cref="UnexpectedAnswerException"/>.
/// </summary>
internal sealed class LedgerHttpWriter
{
    private readonly int _id;
    private readonly HttpClient _client;
    private readonly CrashLedger _ledger;
    private readonly Random _random;
    private readonly string[] _keys;
    private readonly string _counter;
    private long _writes;

    public LedgerHttpWriter(int id, HttpClient client, CrashLedger ledger)
    {
        _id = id;
        _client = client;
        _ledger = ledger;
        _random = new Random(id);
        _keys = [.. Enumerable.Range(0, 4).Select(j => $"w{id}.k{j}")];
        _counter = $"w{id}.n";
    }

    public int Id => _id;

    /// <summary>
    /// Sends one write and records its answer. If this throws, the write is still in flight in the ledger: the caller
    /// decides whether it may have landed (leave it) or certainly never reached the server (<see cref="CrashLedger.Abandon"/>).
    /// </summary>
    public async Task WriteOnceAsync()
    {
        var key = _keys[_random.Next(_keys.Length)];
        var value = ProbeValue.Of(key, $"{_id}.{++_writes}");
        var known = _ledger[key];
        switch (_random.Next(100))
        {
            case < 35:
                _ledger.Begin(_id, new LedgerWrite.Set(key, value));
                _ledger.Acknowledge(_id, await PutAsync(key, value, precondition: null));
                break;

            case < 50:
                // The version the key has (nobody else writes it), so the write must apply.
                _ledger.Begin(_id, new LedgerWrite.CompareAndSet(key, known.Exists ? known.Version : 0, value));
                _ledger.Acknowledge(_id, await PutAsync(key, value, known.Exists ? $"If-Match: \"{known.Version}\"" : "If-None-Match: *"));
                break;

            case < 60:
            {
                // A version the key does not have: 412, and nothing changes.
                var wrong = known.Exists ? known.Version + 1 : 1 + _random.Next(100);
                _ledger.Begin(_id, new LedgerWrite.CompareAndSet(key, wrong, value));
                _ledger.Acknowledge(_id, await PutAsync(key, value, $"If-Match: \"{wrong}\""));
                break;
            }

            case < 75:
                _ledger.Begin(_id, new LedgerWrite.Delete(key));
                _ledger.Acknowledge(_id, await DeleteAsync(key));
                break;

            default:
            {
                var by = 1 + _random.Next(9);
                _ledger.Begin(_id, new LedgerWrite.Increment(_counter, by));
                _ledger.Acknowledge(_id, await IncrementAsync(_counter, by));
                break;
            }
        }
    }

    /// <summary>What the server holds for <paramref name="key"/> now: its value and ETag, or null for a 404.</summary>
    public static async Task<ObservedEntry?> ReadAsync(HttpClient client, string key)
    {
        using var response = await client.GetAsync($"/v1/kv/{key}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await ExpectAsync(response, HttpStatusCode.OK);
        return new ObservedEntry(await response.Content.ReadAsStringAsync(), VersionOf(response));
    }

    private async Task<LedgerAnswer> PutAsync(string key, string value, string? precondition)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/kv/{key}") { Content = new StringContent(value, Encoding.UTF8) };
        if (precondition?.Split(": ", 2) is [var header, var headerValue])
        {
            request.Headers.TryAddWithoutValidation(header, headerValue);
        }

        using var response = await _client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.PreconditionFailed && precondition is not null)
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return new LedgerAnswer(false, problem.RootElement.GetProperty("currentVersion").GetInt64());
        }

        await ExpectAsync(response, HttpStatusCode.Created, HttpStatusCode.OK);
        return new LedgerAnswer(true, VersionOf(response));
    }

    private async Task<LedgerAnswer> DeleteAsync(string key)
    {
        using var response = await _client.DeleteAsync($"/v1/kv/{key}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new LedgerAnswer(false, 0);
        }

        await ExpectAsync(response, HttpStatusCode.NoContent);
        return new LedgerAnswer(true, VersionOf(response));
    }

    private async Task<LedgerAnswer> IncrementAsync(string key, long by)
    {
        using var response = await _client.PostAsync($"/v1/kv/{key}/increment?by={by}", null);
        await ExpectAsync(response, HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new LedgerAnswer(true, json.RootElement.GetProperty("version").GetInt64(), json.RootElement.GetProperty("value").GetInt64());
    }

    private static long VersionOf(HttpResponseMessage response) =>
        response.Headers.ETag is { Tag: var tag } ? long.Parse(tag.Trim('"'), CultureInfo.InvariantCulture)
            : throw new UnexpectedAnswerException($"{(int)response.StatusCode} for {response.RequestMessage?.RequestUri} has no ETag.");

    private static async Task ExpectAsync(HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        if (!expected.Contains(response.StatusCode))
        {
            throw new UnexpectedAnswerException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}

/// <summary>The server answered a write with a status the API does not give for it.</summary>
internal sealed class UnexpectedAnswerException(string message) : Exception(message);
