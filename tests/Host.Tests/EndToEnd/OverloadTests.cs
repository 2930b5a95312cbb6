using System.Net;
using System.Text.Json;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.EndToEnd;

/// <summary>A bounded shard mailbox that rejects when full surfaces as 429 with Retry-After, and nothing refused is applied.</summary>
[Collection(ServeProcessCollection.Name)]
public sealed class OverloadTests
{
    [Fact]
    public async Task A_full_bounded_mailbox_is_429_with_Retry_After_and_the_refused_writes_are_not_applied()
    {
        await using var serve = await ServeProcess.StartAsync(
        [
            "akka.tiny-mailbox.mailbox-type=Actors.Dispatch.BoundedAnsweringMailbox, Actors",
            "akka.tiny-mailbox.mailbox-capacity=1",
            "akka.tiny-mailbox.overflow-policy=reject",
            "store.mailbox=akka.tiny-mailbox",
            "store.shards=1",
            "host.retry-after=2s",
        ]);

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = serve.BaseAddress };
        var refused = new List<string>();
        var accepted = new List<string>();
        HttpResponseMessage? overloaded = null;
        for (var round = 0; round < 30 && overloaded is null; round++)
        {
            var keys = Enumerable.Range(0, 200).Select(i => $"load:{round}:{i}").ToArray();
            var responses = await Task.WhenAll(keys.Select(k => client.PutAsync($"/v1/kv/{k}", new StringContent("v"))));
            for (var i = 0; i < keys.Length; i++)
            {
                if (responses[i].StatusCode == HttpStatusCode.TooManyRequests)
                {
                    refused.Add(keys[i]);
                    overloaded ??= responses[i];
                }
                else
                {
                    Assert.Equal(HttpStatusCode.Created, responses[i].StatusCode);
                    accepted.Add(keys[i]);
                }
            }
        }

        Assert.True(overloaded is not null, "200 concurrent writes to one shard with a one-slot rejecting mailbox never overflowed in 30 rounds");
        await Problems.AssertProblemAsync(overloaded, HttpStatusCode.TooManyRequests, "overloaded");
        Assert.Equal("2", overloaded.Headers.GetValues("Retry-After").Single());

        foreach (var key in refused.Take(50))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/kv/{key}")).StatusCode);
        }

        foreach (var key in accepted.Take(50))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/kv/{key}")).StatusCode);
        }

        var metrics = PrometheusText.Parse(await client.GetStringAsync("/metrics"));
        Assert.True(metrics.Sum("actors_mailbox_rejections_total", ("policy", "reject")) >= refused.Count);
        Assert.Equal(refused.Count, metrics.Sum("store_operations_total", ("op", "set"), ("outcome", "overloaded")));
        var dashboard = JsonDocument.Parse(await client.GetStringAsync("/dashboard/data")).RootElement;
        Assert.Contains(dashboard.GetProperty("rejections").EnumerateArray(), r => r.GetProperty("name").GetString() == "reject" && r.GetProperty("count").GetInt64() >= refused.Count);
    }
}
