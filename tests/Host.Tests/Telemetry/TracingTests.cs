using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Actors.Host.Telemetry;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.Telemetry;

/// <summary>Store operations are activities under ASP.NET Core's request activity; exporting them is opt-in.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task A_store_operation_is_a_child_of_its_request_with_operation_shard_and_outcome()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is StoreActivities.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await InProcessServer.StartAsync();

        // Each request continues a trace of its own (W3C traceparent), which tells its activities from other tests'.
        var putTrace = ActivityTraceId.CreateRandom();
        var getTrace = ActivityTraceId.CreateRandom();
        Assert.Equal(HttpStatusCode.Created, (await server.Client.SendAsync(Traced(HttpMethod.Put, "/v1/kv/traced", putTrace, new StringContent("v")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.SendAsync(Traced(HttpMethod.Get, "/v1/kv/traced-missing", getTrace))).StatusCode);
        await WaitUntilAsync(() => stopped.Count(a => a.TraceId == putTrace) == 2 && stopped.Count(a => a.TraceId == getTrace) == 2);

        var put = stopped.Single(a => a.TraceId == putTrace && a.Source.Name == "Microsoft.AspNetCore");
        var set = stopped.Single(a => a.TraceId == putTrace && a.Source.Name == StoreActivities.SourceName);
        Assert.Equal(put.SpanId, set.ParentSpanId);
        Assert.Equal("store.set", set.DisplayName);
        Assert.Equal("set", set.GetTagItem("store.operation"));
        Assert.Equal("ok", set.GetTagItem("store.outcome"));
        Assert.InRange(Assert.IsType<int>(set.GetTagItem("store.shard")), 0, 3);
        Assert.Equal(ActivityStatusCode.Unset, set.Status);

        var miss = stopped.Single(a => a.TraceId == getTrace && a.Source.Name == "Microsoft.AspNetCore");
        var get = stopped.Single(a => a.TraceId == getTrace && a.Source.Name == StoreActivities.SourceName);
        Assert.Equal(miss.SpanId, get.ParentSpanId);
        Assert.Equal("not_found", get.GetTagItem("store.outcome"));
    }

    [Fact]
    public async Task Serve_exports_traces_only_when_OTEL_TRACES_EXPORTER_asks_and_names_a_bad_exporter()
    {
        await using (var quiet = await ServeProcess.StartAsync(["store.durability=none"]))
        {
            await quiet.Client.PutAsync("/v1/kv/quiet", new StringContent("v"));
            Assert.Equal(0, await quiet.TerminateAsync(TimeSpan.FromSeconds(30)));
            Assert.DoesNotContain(quiet.Lines, l => l.Contains("Activity.DisplayName", StringComparison.Ordinal));
        }

        await using (var traced = await ServeProcess.StartAsync(["store.durability=none"], environment: new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "console" }))
        {
            await traced.Client.PutAsync("/v1/kv/traced", new StringContent("v"));
            await traced.WaitForLineAsync(l => l.Contains("store.outcome: ok", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            Assert.Contains(traced.Lines, l => l.Trim() == "Activity.DisplayName:        store.set");
            Assert.Contains(traced.Lines, l => l.Trim() == "Name: Actors.Store");
        }

        var (exit, _, error) = await ServeProcess.RunToExitAsync(["serve", "--urls", "http://127.0.0.1:0"], new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "zipkin" });
        Assert.NotEqual(0, exit);
        Assert.Contains("OTEL_TRACES_EXPORTER: unknown exporter 'zipkin'; accepted: otlp, console, none", error, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Traced(HttpMethod method, string path, ActivityTraceId trace, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return request;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the activities did not arrive within 15 s");
            await Task.Delay(20);
        }
    }
}
