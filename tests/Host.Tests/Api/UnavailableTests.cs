using System.Net;
using Actors.Host.Tests.Infrastructure;
using Actors.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Actors.Host.Tests.Api;

/// <summary>When the store cannot serve (here: it was stopped under the running web server) requests are 503, not 500.</summary>
public sealed class UnavailableTests
{
    [Fact]
    public async Task A_stopped_store_answers_503_with_Retry_After_and_readiness_fails()
    {
        await using var server = await InProcessServer.StartAsync("host.retry-after = 3s");
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PutAsync("/v1/kv/k", new StringContent("v"))).StatusCode);
        await server.Services.GetRequiredService<ActorStateStore>().DisposeAsync();

        var read = await server.Client.GetAsync("/v1/kv/k");
        var problem = await Problems.AssertProblemAsync(read, HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.Contains("shutting down", problem.GetProperty("detail").GetString());
        Assert.Equal("3", read.Headers.GetValues("Retry-After").Single());
        await Problems.AssertProblemAsync(await server.Client.PutAsync("/v1/kv/k", new StringContent("w")), HttpStatusCode.ServiceUnavailable);
        await Problems.AssertProblemAsync(await server.Client.GetAsync("/v1/stats"), HttpStatusCode.ServiceUnavailable);

        var ready = await server.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("shutting down", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Before_recovery_readiness_is_503_and_requests_are_refused_until_ready()
    {
        // A store whose mailbox id does not exist never gets that far: instead, start without waiting and race the
        // first requests against recovery; whatever they meet is either ready (200/404) or starting (503), never 500.
        await using var server = await InProcessServer.StartAsync("store.shards = 16", waitForReady: false);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => server.Client.GetAsync($"/v1/kv/early-{i}")));
        Assert.All(statuses, s => Assert.Contains(s.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.ServiceUnavailable }));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await server.Client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the store never became ready");
            await Task.Delay(20);
        }
    }
}
