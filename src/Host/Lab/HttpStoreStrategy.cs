using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Actors.Store.Strategies;

namespace Actors.Host.Lab;

/// <summary>
/// Running hosts as a lab strategy (<c>http</c>, with <c>bench --targets</c>): every operation is a request to the
/// <c>/v1</c> API, sent to the targets in turn, so that a cluster is driven through all of its hosts the way clients
/// would drive it (each host forwards what it does not own). Keys live under a prefix of their own per run
/// (<c>lab/&lt;run&gt;/</c>), so that a run never reads or changes data it did not write.
/// </summary>
/// <remarks>
/// 429 (a full bounded mailbox) and 503 (a shard being handed off past its buffer, an owner that cannot be reached)
/// come with <c>Retry-After</c>: the lab counts them as rejections, not as errors. Anything else that is not a
/// success is an error carrying the problem's title and detail.
/// </remarks>
internal sealed class HttpStoreStrategy : IKeyValueStrategy
{
    public const string StrategyName = "http";

    private static readonly MediaTypeHeaderValue OctetStream = new("application/octet-stream");

    private readonly HttpClient _client;
    private readonly Uri[] _targets;
    private readonly string _keyPrefix;
    private readonly ConcurrentDictionary<Task, byte> _posted = new();
    private int _next;

    public HttpStoreStrategy(IReadOnlyList<Uri> targets, string? bearerToken, string runId)
    {
        if (targets.Count == 0)
        {
            throw new ArgumentException("At least one target URL is required.", nameof(targets));
        }

        _targets = [.. targets];
        _keyPrefix = $"lab/{runId}/";
        _client = new HttpClient(new SocketsHttpHandler
        {
            // Keep-alive connections for the whole run; as many as the workers need.
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (!string.IsNullOrEmpty(bearerToken))
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
    }

    /// <inheritdoc />
    public string Name => StrategyName;

    /// <inheritdoc />
    public async ValueTask<ReadResult> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, KeyUri(key), null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return ReadResult.Missing;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var value = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ReadResult.Of(value, VersionOf(response));
    }

    /// <inheritdoc />
    public async ValueTask<long> SetAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Put, KeyUri(key), Body(value), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return VersionOf(response);
    }

    /// <inheritdoc />
    public async ValueTask<CounterResult> IncrementAsync(string key, long delta, CancellationToken cancellationToken = default)
    {
        var uri = KeyUri(key, "/increment?by=" + delta.ToString(CultureInfo.InvariantCulture));
        using var response = await SendAsync(HttpMethod.Post, uri, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var (title, detail) = await ProblemOf(response, cancellationToken).ConfigureAwait(false);
            throw new FormatException($"{title}: {detail}");
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new CounterResult(json.RootElement.GetProperty("value").GetInt64(), json.RootElement.GetProperty("version").GetInt64());
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, KeyUri(key), null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask<CasResult> CompareAndSetAsync(string key, long expectedVersion, byte[] value, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, KeyUri(key)) { Content = Body(value) };
        if (expectedVersion == 0)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        }
        else
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{expectedVersion.ToString(CultureInfo.InvariantCulture)}\"");
        }

        request.RequestUri = new Uri(NextTarget(), request.RequestUri!);
        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            return new CasResult(false, json.RootElement.TryGetProperty("currentVersion", out var current) ? current.GetInt64() : 0);
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return new CasResult(true, VersionOf(response));
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<KeyValueEntry>> ScanAsync(string prefix, int limit, CancellationToken cancellationToken = default)
    {
        var entries = new List<KeyValueEntry>();
        string? cursor = null;
        do
        {
            var query = $"/v1/kv?values=true&limit={Math.Clamp(limit - entries.Count, 1, 1000).ToString(CultureInfo.InvariantCulture)}&prefix={Uri.EscapeDataString(_keyPrefix + prefix)}"
                + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
            using var response = await SendAsync(HttpMethod.Get, new Uri(query, UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var entry in json.RootElement.GetProperty("entries").EnumerateArray())
            {
                var value = entry.TryGetProperty("value", out var text) ? Encoding.UTF8.GetBytes(text.GetString()!)
                    : entry.TryGetProperty("valueBase64", out var base64) ? base64.GetBytesFromBase64()
                    : [];
                entries.Add(new KeyValueEntry(entry.GetProperty("key").GetString()![_keyPrefix.Length..], value, entry.GetProperty("version").GetInt64()));
            }

            cursor = json.RootElement.TryGetProperty("cursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null && entries.Count < limit);
        return entries;
    }

    /// <inheritdoc />
    public async ValueTask<long> CountAsync(CancellationToken cancellationToken = default) =>
        (await ScanAsync(string.Empty, int.MaxValue, cancellationToken).ConfigureAwait(false)).Count;

    /// <inheritdoc />
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        // Only this run's keys: everything under its prefix.
        foreach (var entry in await ScanAsync(string.Empty, int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            await DeleteAsync(entry.Key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void PostSet(string key, byte[] value)
    {
        // HTTP has no fire-and-forget: the request is sent now and awaited by the next flush, which reports its failure.
        var posted = SetAsync(key, value).AsTask();
        _posted.TryAdd(posted, 0);
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var pending = _posted.Keys.ToArray();
        try
        {
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var task in pending.Where(t => t.IsCompleted))
            {
                _posted.TryRemove(task, out _);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    // Round robin over the targets, as a load balancer in front of the hosts would.
    private Uri NextTarget() => _targets[(int)((uint)Interlocked.Increment(ref _next) % (uint)_targets.Length)];

    private Uri KeyUri(string key, string suffix = "") => new("/v1/kv/" + Uri.EscapeDataString(_keyPrefix + key) + suffix, UriKind.Relative);

    private static ByteArrayContent Body(byte[] value)
    {
        var content = new ByteArrayContent(value);
        content.Headers.ContentType = OctetStream;
        return content;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri relative, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(NextTarget(), relative)) { Content = content };
        return await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static long VersionOf(HttpResponseMessage response) =>
        response.Headers.ETag is { } etag && long.TryParse(etag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InvalidDataException($"The answer to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} has no version ETag.");

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var (title, detail) = await ProblemOf(response, cancellationToken).ConfigureAwait(false);
        var message = $"{(int)response.StatusCode} from {response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Authority)}: {title}: {detail}";
        throw response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            ? new OperationRejectedException(message)
            : new HttpRequestException(message, null, response.StatusCode);
    }

    private static async Task<(string Title, string Detail)> ProblemOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(body);
            return (json.RootElement.TryGetProperty("title", out var title) ? title.GetString() ?? string.Empty : response.ReasonPhrase ?? string.Empty,
                json.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? string.Empty : string.Empty);
        }
        catch (JsonException)
        {
            return (response.ReasonPhrase ?? "error", body.Length > 200 ? body[..200] : body);
        }
    }
}
