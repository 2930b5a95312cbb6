using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.Api;

/// <summary>Stats, health, metrics and the dashboard's data, in process.</summary>
public sealed class ServiceEndpointsTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Stats_reports_every_shard_with_its_keys()
    {
        for (var i = 0; i < 10; i++)
        {
            await Client.PutAsync($"/v1/kv/stat-{i}", new StringContent("12345"));
        }

        var stats = await Client.GetFromJsonAsync<JsonElement>("/v1/stats");
        Assert.Equal("ready", stats.GetProperty("status").GetString());
        Assert.Equal("none", stats.GetProperty("durability").GetString());
        Assert.Equal(4, stats.GetProperty("shards").GetArrayLength());
        Assert.Equal(10, stats.GetProperty("keys").GetInt64());
        Assert.Equal(10, stats.GetProperty("shards").EnumerateArray().Sum(s => s.GetProperty("keys").GetInt64()));
        Assert.All(stats.GetProperty("shards").EnumerateArray(), s => Assert.True(s.TryGetProperty("mailboxDepth", out _)));
    }

    [Fact]
    public async Task Health_live_and_ready_are_200_when_the_store_has_recovered()
    {
        var live = await Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var ready = await Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Contains("recovered", body.GetProperty("store").GetString());
    }

    [Fact]
    public async Task Metrics_expose_runtime_and_host_instruments_in_Prometheus_text_format()
    {
        await Client.PutAsync("/v1/kv/m", new StringContent("1"));
        await Client.GetAsync("/v1/kv/m");
        await Client.GetAsync("/v1/kv/missing");

        // A request is measured when its pipeline finishes, which may be just after the client has the response.
        string[] lines;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await Client.GetAsync("/metrics");
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Any(l => l.StartsWith("http_server_request_duration_seconds_count{route=\"kv_get\",status=\"404\"}", StringComparison.Ordinal)) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(20);
        }

        Assert.Contains("# TYPE actors_messages_processed_total counter", lines);
        Assert.Contains("# TYPE actors_mailbox_depth gauge", lines);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", lines);
        Assert.Contains("# TYPE store_operations_total counter", lines);
        Assert.Contains(lines, l => l.StartsWith("store_operations_total{op=\"get\",outcome=\"ok\"} ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("store_operations_total{op=\"get\",outcome=\"not_found\"} ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("http_server_request_duration_seconds_bucket{route=\"kv_put\",status=\"201\",le=\"+Inf\"} 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("http_server_request_duration_seconds_count{route=\"kv_get\",status=\"404\"} 1", StringComparison.Ordinal));

        // Every sample line is "name{labels} value" with a parseable value, and every family has HELP and TYPE first.
        var families = new HashSet<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                Assert.True(families.Add(line.Split(' ')[2]), $"family declared twice: {line}");
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var value = line[(line.LastIndexOf(' ') + 1)..];
            Assert.True(value is "+Inf" or "-Inf" or "NaN" || double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _), $"bad value in: {line}");
            var name = line[..line.IndexOfAny(['{', ' '])];
            Assert.Contains(families, f => name == f || name == f + "_bucket" || name == f + "_sum" || name == f + "_count");
        }
    }

    [Fact]
    public async Task Dashboard_page_and_data_are_served_self_contained()
    {
        var page = await Client.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("/dashboard/app.js", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/dashboard/app.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/dashboard/app.css")).StatusCode);

        await Client.PutAsync("/v1/kv/dash", new StringContent("x"));
        JsonElement data;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            data = await Client.GetFromJsonAsync<JsonElement>("/dashboard/data");
        }
        while (!data.GetProperty("latency").EnumerateArray().Any(l => l.GetProperty("op").GetString() == "set") && DateTime.UtcNow < deadline);
        Assert.Equal("ready", data.GetProperty("status").GetString());
        Assert.Equal(4, data.GetProperty("shards").GetArrayLength());
        Assert.Equal(1, data.GetProperty("keys").GetInt64());
        Assert.Contains(data.GetProperty("operations").EnumerateArray(), o => o.GetProperty("name").GetString() == "set/ok");
        Assert.Contains(data.GetProperty("latency").EnumerateArray(), l => l.GetProperty("op").GetString() == "set");
        Assert.Equal(JsonValueKind.Null, data.GetProperty("report").ValueKind);
    }

    [Fact]
    public async Task The_latest_lab_report_is_served_sandboxed_or_404_when_there_is_none()
    {
        await Problems.AssertProblemAsync(await Client.GetAsync("/reports/latest"), HttpStatusCode.NotFound, "no lab report");

        var reports = Path.Combine(_server.DataDirectory, "reports");
        Directory.CreateDirectory(reports);
        await File.WriteAllTextAsync(Path.Combine(reports, "old.html"), "<html>old</html>");
        File.SetLastWriteTimeUtc(Path.Combine(reports, "old.html"), DateTime.UtcNow.AddHours(-1));
        await File.WriteAllTextAsync(Path.Combine(reports, "new.html"), "<html>newest report</html>");

        var response = await Client.GetAsync("/reports/latest");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<html>newest report</html>", await response.Content.ReadAsStringAsync());
        Assert.Equal("sandbox allow-scripts", response.Headers.GetValues("Content-Security-Policy").Single());
        var data = await Client.GetFromJsonAsync<JsonElement>("/dashboard/data");
        Assert.Equal("new.html", data.GetProperty("report").GetProperty("name").GetString());
    }
}
