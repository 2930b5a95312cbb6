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
    public async Task Metrics_are_OpenTelemetry_s_Prometheus_exposition_of_the_store_host_and_AspNetCore_meters()
    {
        await Client.PutAsync("/v1/kv/m", new StringContent("1"));
        await Client.GetAsync("/v1/kv/m");
        await Client.GetAsync("/v1/kv/missing");

        // ASP.NET Core measures a request when its pipeline finishes, which may be just after the client has the response.
        PrometheusText metrics;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await Client.GetAsync("/metrics");
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
            if (metrics.Find("http_server_request_duration_seconds_count", ("http_route", "/v1/kv/{**key}"), ("http_response_status_code", "404")).Any() || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(20);
        }

        Assert.Equal("counter", metrics.Types["store_operations_total"]);
        Assert.Equal("histogram", metrics.Types["store_operation_duration_seconds"]);
        Assert.Equal("histogram", metrics.Types["http_server_request_duration_seconds"]);
        Assert.Equal("counter", metrics.Types["actors_messages_processed_total"]);
        Assert.Equal("gauge", metrics.Types["actors_mailbox_depth"]);
        Assert.True(metrics.Sum("store_operations_total", ("op", "get"), ("outcome", "ok"), ("otel_scope_name", "Actors.Host")) >= 1);
        Assert.True(metrics.Sum("store_operations_total", ("op", "get"), ("outcome", "not_found")) >= 1);
        Assert.True(metrics.Sum("store_operation_duration_seconds_count", ("op", "set"), ("outcome", "ok")) >= 1);
        Assert.True(metrics.Sum("http_server_request_duration_seconds_bucket", ("http_route", "/v1/kv/{**key}"), ("http_request_method", "PUT"), ("http_response_status_code", "201"), ("le", "+Inf")) >= 1);

        // Request durations keep buckets fine enough for loopback (OpenTelemetry's default starts at 5 ms).
        Assert.Contains(metrics.Find("http_server_request_duration_seconds_bucket"), s => s.Labels["le"] == "5E-05");

        // Mailbox depth per shard: a series for each of this host's 4 shards (other tests' hosts in this process
        // have stores of their own, with other shard counts).
        var depth = metrics.Find("actors_mailbox_depth", ("otel_scope_name", "Actors.Store"), ("store", "store")).Select(s => s.Labels["shard"]).ToHashSet();
        Assert.Superset(new HashSet<string> { "0", "1", "2", "3" }, depth);

        // .NET's own meter comes along.
        Assert.Contains(metrics.Types.Keys, name => name.StartsWith("dotnet_gc_", StringComparison.Ordinal));

        // The reference parser reads all of it.
        var families = await PrometheusText.ParseWithPrometheusClientAsync(metrics.Text);
        Assert.Contains(families, f => f.StartsWith("store_operations counter ", StringComparison.Ordinal));
        Assert.Contains(families, f => f.StartsWith("http_server_request_duration_seconds histogram ", StringComparison.Ordinal));
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
