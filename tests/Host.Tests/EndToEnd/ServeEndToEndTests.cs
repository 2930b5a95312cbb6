using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.EndToEnd;

/// <summary>One real <c>serve</c> (SQLite, batched durability) shared by the tests of this class.</summary>
public sealed class ServeFixture : IAsyncLifetime
{
    public ServeProcess Serve { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Serve = await ServeProcess.StartAsync(["store.shards=8", "host.limits.max-request-body-bytes=64KiB"]);

    public async Task DisposeAsync() => await Serve.DisposeAsync();
}

/// <summary>The API over real HTTP on a loopback port: Kestrel, raw request targets, body limits, concurrency.</summary>
[Collection(ServeProcessCollection.Name)]
public sealed class ServeEndToEndTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private HttpClient Client => fixture.Serve.Client;

    [Fact]
    public async Task Every_endpoint_answers_over_real_HTTP()
    {
        var put = await Client.PutAsync("/v1/kv/e2e:greeting", new StringContent("hello", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal("hello", await Client.GetStringAsync("/v1/kv/e2e:greeting"));
        var increment = await Client.PostAsync("/v1/kv/e2e:counter/increment?by=3", null);
        Assert.Equal(3, (await increment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetInt64());
        var scan = await Client.GetFromJsonAsync<JsonElement>("/v1/kv?prefix=e2e:&values=true");
        Assert.Equal(2, scan.GetProperty("entries").GetArrayLength());
        var batch = await Client.PostAsync("/v1/batch", new StringContent("""{"operations":[{"op":"set","key":"{b}1","value":"x"},{"op":"set","key":"{b}2","value":"y"}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync("/v1/kv/e2e:greeting")).StatusCode);
        var stats = await Client.GetFromJsonAsync<JsonElement>("/v1/stats");
        Assert.Equal("batched", stats.GetProperty("durability").GetString());
        Assert.Equal(8, stats.GetProperty("shardCount").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live")).StatusCode);
        var metrics = PrometheusText.Parse(await Client.GetStringAsync("/metrics"));
        Assert.True(metrics.Sum("store_operations_total", ("op", "increment"), ("outcome", "ok")) >= 1);

        // A durable store: group commit's journal writes and the shards' recovery are measured.
        Assert.True(metrics.Sum("actors_persistence_group_events_count") >= 1);
        Assert.True(metrics.Sum("actors_persistence_group_events_sum") >= metrics.Sum("actors_persistence_group_events_count"));
        Assert.True(metrics.Sum("actors_persistence_write_duration_seconds_count") >= 1);
        Assert.True(metrics.Sum("actors_persistence_recovery_duration_seconds_count") >= 1);
        await PrometheusText.ParseWithPrometheusClientAsync(metrics.Text);
        Assert.Contains("<title>", await Client.GetStringAsync("/"));
    }

    [Fact]
    public async Task Keys_are_decoded_from_the_raw_target_so_percent_25_and_2F_differ()
    {
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync("/v1/kv/raw/a%252Fb", new StringContent("percent"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync("/v1/kv/raw/a%2Fb", new StringContent("slash"))).StatusCode);
        Assert.Equal("percent", await Client.GetStringAsync("/v1/kv/raw/a%252Fb"));
        Assert.Equal("slash", await Client.GetStringAsync("/v1/kv/raw/a/b"));
        var keys = (await Client.GetFromJsonAsync<JsonElement>("/v1/kv?prefix=raw/")).GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("key").GetString());
        Assert.Equal(["raw/a%2Fb", "raw/a/b"], keys.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync("/v1/kv/raw/caf%C3%A9+1", new StringContent("plus stays"))).StatusCode);
        Assert.Equal("plus stays", await Client.GetStringAsync("/v1/kv/raw/café+1"));
    }

    [Theory]
    [InlineData("/v1/kv/bad%zzescape", "percent")]
    [InlineData("/v1/kv/bad%4", "percent")]
    [InlineData("/v1/kv/half%E2%98", "UTF-8")]
    public async Task Malformed_percent_encoding_is_400_and_the_server_stays_up(string path, string detail)
    {
        var response = await SendRawAsync($"PUT {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");
        Assert.StartsWith("HTTP/1.1 400", response);
        if (response.Contains("application/problem+json", StringComparison.Ordinal))
        {
            Assert.Contains(detail, response, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live")).StatusCode);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("PUT /v1/kv/x HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n")]
    [InlineData("PUT /v1/kv/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n")]
    [InlineData("GET /v1/kv/\0nul HTTP/1.1\r\nHost: x\r\n\r\n")]
    public async Task Malformed_HTTP_never_crashes_the_server(string request)
    {
        var response = await SendRawAsync(request);
        Assert.True(response.Length == 0 || response.StartsWith("HTTP/1.1 4", StringComparison.Ordinal), response);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_body_over_max_request_body_bytes_is_413_even_when_chunked()
    {
        var json = "{\"operations\":[{\"op\":\"set\",\"key\":\"big\",\"value\":\"" + new string('x', 70 * 1024) + "\"}]}";
        var declared = await Client.PostAsync("/v1/batch", new StringContent(json, Encoding.UTF8, "application/json"));
        await Problems.AssertProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge, "too large");

        var chunked = new HttpRequestMessage(HttpMethod.Post, "/v1/batch") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json))) };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        try
        {
            await Problems.AssertProblemAsync(await Client.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge);
        }
        catch (HttpRequestException refused) when (refused.InnerException is IOException)
        {
            // Kestrel answers 413 as soon as the limit is crossed and closes the connection; when the client is
            // still writing chunks at that moment, the close resets the socket before it reads the answer (RFC 9112
            // allows the early close). Either way the body was refused, which the read below checks.
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/v1/kv/big")).StatusCode);
    }

    [Fact]
    public async Task Compare_and_set_races_have_exactly_one_winner_per_version()
    {
        const string key = "race:counter";
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/v1/kv/{key}", new StringContent("start"))).StatusCode);
        var winners = new ConcurrentDictionary<long, string>();
        var attempts = 0;
        var conflicts = 0;

        async Task Client_(int id)
        {
            using var client = new HttpClient { BaseAddress = fixture.Serve.BaseAddress };
            for (var round = 0; round < 25; round++)
            {
                var current = await client.GetAsync($"/v1/kv/{key}");
                var version = long.Parse(current.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
                var put = new HttpRequestMessage(HttpMethod.Put, $"/v1/kv/{key}") { Content = new StringContent($"client {id} over {version}") };
                put.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
                var response = await client.SendAsync(put);
                Interlocked.Increment(ref attempts);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Assert.Equal($"\"{version + 1}\"", response.Headers.ETag!.Tag);
                    Assert.True(winners.TryAdd(version, $"client {id}"), $"two winners over version {version}");
                }
                else
                {
                    Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
                    Interlocked.Increment(ref conflicts);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(Client_));

        var final = await Client.GetAsync($"/v1/kv/{key}");
        var finalVersion = long.Parse(final.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
        Assert.Equal(finalVersion - 1, winners.Count);
        Assert.Equal(Enumerable.Range(1, (int)finalVersion - 1).Select(v => (long)v), winners.Keys.Order());
        Assert.Equal(attempts, winners.Count + conflicts);
        var lastWinner = winners[finalVersion - 1];
        Assert.Equal($"{lastWinner} over {finalVersion - 1}", await final.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ttl_through_the_API_expires_the_key()
    {
        var written = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync("/v1/kv/ttl:e2e?ttl=500ms", new StringContent("brief"))).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await Client.GetAsync("/v1/kv/ttl:e2e")).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, "the key outlived its TTL by 15 s");
            await Task.Delay(50);
        }

        Assert.True(DateTimeOffset.UtcNow >= written.AddMilliseconds(500), "the key vanished before its TTL");
        var scan = await Client.GetFromJsonAsync<JsonElement>("/v1/kv?prefix=ttl:e2e");
        Assert.Equal(0, scan.GetProperty("entries").GetArrayLength());
    }

    private async Task<string> SendRawAsync(string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(fixture.Serve.BaseAddress.Host, fixture.Serve.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        var buffer = new byte[8192];
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && !request.Contains("Connection: close", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // The server closed the connection after refusing the request.
        }
        catch (OperationCanceledException)
        {
        }

        return text.ToString();
    }
}
