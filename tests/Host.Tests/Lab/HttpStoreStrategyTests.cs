using System.Text;
using System.Text.Json;
using Actors.Host.Cli;
using Actors.Host.Lab;
using Actors.Host.Tests.Infrastructure;
using Actors.Store.Strategies;

namespace Actors.Host.Tests.Lab;

/// <summary>
/// The <c>http</c> lab strategy keeps the lab's semantics (versions, compare-and-set, counters, scans) over a real
/// host's API, inside a prefix of its own; and <c>bench --targets</c> drives hosts with it and verifies the result.
/// </summary>
[Collection(ServeProcessCollection.Name)]
public sealed class HttpStoreStrategyTests
{
    [Fact]
    public async Task The_strategy_keeps_the_labs_semantics_over_HTTP_and_stays_inside_its_prefix()
    {
        await using var serve = await ServeProcess.StartAsync([]);
        Assert.True((await serve.Client.PutAsync("/v1/kv/key/1", new StringContent("not the lab's"))).IsSuccessStatusCode);
        await using var strategy = new HttpStoreStrategy([serve.BaseAddress], bearerToken: null, runId: "t1");

        Assert.False((await strategy.GetAsync("key/1")).Found);
        Assert.Equal(1, await strategy.SetAsync("key/1", [1, 2, 3]));
        var read = await strategy.GetAsync("key/1");
        Assert.Equal([1, 2, 3], read.Value);
        Assert.Equal(1, read.Version);
        Assert.Equal("not the lab's", await serve.Client.GetStringAsync("/v1/kv/key/1"));

        Assert.Equal(new CasResult(false, 1), await strategy.CompareAndSetAsync("key/1", 7, [9]));
        Assert.Equal(new CasResult(false, 1), await strategy.CompareAndSetAsync("key/1", 0, [9]));
        Assert.Equal(new CasResult(true, 2), await strategy.CompareAndSetAsync("key/1", 1, [9]));
        Assert.Equal(new CasResult(true, 1), await strategy.CompareAndSetAsync("key/2", 0, [8]));

        Assert.Equal(new CounterResult(5, 1), await strategy.IncrementAsync("ctr/1", 5));
        Assert.Equal(new CounterResult(3, 2), await strategy.IncrementAsync("ctr/1", -2));
        await Assert.ThrowsAsync<FormatException>(async () => await strategy.IncrementAsync("key/1", 1));

        var scanned = await strategy.ScanAsync("key/", 10);
        Assert.Equal(["key/1", "key/2"], scanned.Select(e => e.Key).Order());
        Assert.Equal([9], scanned.Single(e => e.Key == "key/1").Value);
        Assert.Equal(3, await strategy.CountAsync());

        for (var i = 0; i < 20; i++)
        {
            strategy.PostSet($"posted/{i}", Encoding.UTF8.GetBytes($"v{i}"));
        }

        await strategy.FlushAsync();
        Assert.Equal(23, await strategy.CountAsync());

        Assert.True(await strategy.DeleteAsync("key/2"));
        Assert.False(await strategy.DeleteAsync("key/2"));
        await strategy.ClearAsync();
        Assert.Equal(0, await strategy.CountAsync());
        Assert.Equal("not the lab's", await serve.Client.GetStringAsync("/v1/kv/key/1"));
    }

    [Fact]
    public async Task Bench_with_targets_drives_the_hosts_and_verifies_every_acknowledged_operation()
    {
        await using var serve = await ServeProcess.StartAsync([]);
        var json = Path.Combine(serve.DataDirectory, "bench-http.json");
        var error = new StringWriter();
        var exit = await HostCommandLine.RunAsync(
            ["bench", "--targets", serve.BaseAddress.ToString(), "--duration", "1s", "--keys", "200", "--json", json, "--html", Path.ChangeExtension(json, "html")],
            new StringWriter(), error);
        Assert.True(exit == 0, error.ToString());
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var result = Assert.Single(document.RootElement.GetProperty("results").EnumerateArray());
        Assert.Equal("http", result.GetProperty("strategy").GetString());
        Assert.Equal("clean", result.GetProperty("verdict").GetString());
        Assert.True(result.GetProperty("operations").GetInt64() > 100, result.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("ftp://127.0.0.1:5080")]
    [InlineData("http://127.0.0.1:5080/v1")]
    [InlineData(",")]
    public void Bad_targets_are_a_usage_error_that_says_what_is_expected(string targets)
    {
        var error = Assert.Throws<FormatException>(() => TargetUrls.Parse("--targets", targets));
        Assert.Contains("http://", error.Message, StringComparison.Ordinal);
    }
}
