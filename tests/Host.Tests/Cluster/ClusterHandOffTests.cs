using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Actors.Host.Tests.Infrastructure;
using Actors.Store.Linearizability;
using Actors.Store.Sharding;

namespace Actors.Host.Tests.Cluster;

/// <summary>
/// A shard handed off while clients use it, through the API only: requests held during the move are all answered, each
/// applied exactly once, and the next owner — which recovers from the snapshot the old owner takes when much was
/// written — has every write, deletions included, and carries each key's version on.
/// </summary>
[Collection(nameof(ClusterProcesses))]
public sealed class ClusterHandOffTests
{
    private const int Shards = 6;

    [PostgresFact]
    public async Task A_shard_handed_off_under_load_answers_every_request_once_and_its_next_owner_has_every_write_and_version()
    {
        await using var cluster = new TestCluster(Shards, TimeSpan.FromSeconds(2));
        var n1 = await cluster.StartNodeAsync("n1");
        var n2 = await cluster.StartNodeAsync("n2");
        var n3 = await cluster.StartNodeAsync("n3");
        var view = await TestCluster.WaitForViewAsync(n1, v => TestCluster.Spread(v) is { Count: 3 } s && s.Values.All(c => c == 2), TimeSpan.FromSeconds(30), "6 shards spread 2/2/2");
        var shard = view.Shards.First(s => s.Owner == "n2");
        var keys = Enumerable.Range(0, 5000).Select(i => $"doc/{i}").Where(k => StableHash.ShardOf(k, Shards) == shard.Id).Take(40).ToArray();
        var counter = Enumerable.Range(0, 1000).Select(i => $"counter/{i}").First(k => StableHash.ShardOf(k, Shards) == shard.Id);
        var stayers = new[] { n1, n3 };

        // More than the hand-off snapshot threshold (1000 events) on the shard, through the hosts that stay: batches of
        // sets, then some keys deleted and a few of those created again. What the API answered is what must survive.
        var expected = new Dictionary<string, (string? Value, long Version)>(StringComparer.Ordinal);
        for (var round = 0; round < 12; round++)
        {
            var operations = Enumerable.Range(0, 100).Select(i => new { op = "set", key = keys[(round * 100 + i) % keys.Length], value = $"r{round}-{i}" }).ToArray();
            using var response = await stayers[round % 2].Client.PostAsJsonAsync("/v1/batch", new { operations });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var results = result.RootElement.GetProperty("results").EnumerateArray().ToArray();
            for (var i = 0; i < operations.Length; i++)
            {
                expected[operations[i].key] = (operations[i].value, results[i].GetProperty("version").GetInt64());
            }
        }

        foreach (var key in keys.Take(10))
        {
            using var deleted = await n3.Client.DeleteAsync($"/v1/kv/{key}");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            expected[key] = (null, Version(deleted));
        }

        foreach (var key in keys.Take(3))
        {
            using var created = await n1.Client.PutAsync($"/v1/kv/{key}", new StringContent("again"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.True(Version(created) > expected[key].Version, "a re-created key continues its version");
            expected[key] = ("again", Version(created));
        }

        // Clients increment one key of the shard through the hosts that stay, one request at a time each, while the
        // owner leaves: requests for the shard wait in its hand-off buffer, then go to the next owner.
        var history = new HistoryRecorder<KvInput, KvOutput>();
        var kv = new KvHttpClient(history);
        var replies = new ConcurrentQueue<(int Client, KvReply Reply)>();
        var afterMove = 0;
        using var stop = new CancellationTokenSource();
        var moved = new TaskCompletionSource();
        var clients = Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var reply = await kv.IncrementAsync(stayers[(client + i) % 2].Client, client, counter);
                replies.Enqueue((client, reply));
                if (moved.Task.IsCompleted && reply.Answered)
                {
                    Interlocked.Increment(ref afterMove);
                }
            }
        })).ToArray();

        await WaitUntilAsync(() => replies.Count >= 50, "50 increments before the leave");
        Assert.Equal(0, await n2.TerminateAsync(TimeSpan.FromSeconds(60)));
        var after = await TestCluster.WaitForViewAsync(n1, v => v.Shards[shard.Id] is { State: "assigned" } s && s.Owner is "n1" or "n3", TimeSpan.FromSeconds(30), "the shard handed to n1 or n3");
        moved.TrySetResult();
        await WaitUntilAsync(() => Volatile.Read(ref afterMove) >= 50, "50 increments answered by the next owner");
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        Assert.Contains($"Handing shard {shard.Id} off to {after.Shards[shard.Id].Owner}", n2.Errors, StringComparison.Ordinal);
        Assert.True(after.Shards[shard.Id].Epoch > shard.Epoch);

        // Every request answered; each applied once: the increments returned exactly 1..n, each client's in rising order.
        var failed = replies.Where(r => !r.Reply.Answered).ToArray();
        Assert.True(failed.Length == 0, $"{failed.Length} of {replies.Count} increments were not answered: {string.Join(", ", failed.Take(5).Select(f => f.Reply))}");
        var values = replies.Select(r => ((KvIncremented)r.Reply.Output!).Value).ToArray();
        Assert.Equal(Enumerable.Range(1, values.Length).Select(v => (long)v), values.Order());
        foreach (var client in replies.GroupBy(r => r.Client))
        {
            var mine = client.Select(r => ((KvIncremented)r.Reply.Output!).Value).ToArray();
            Assert.Equal(mine.Order(), mine);
        }

        Assert.Empty(kv.Unexpected);
        var verdict = LinearizabilityChecker.Check(KvModel.Instance, history.ToHistory(), TimeSpan.FromSeconds(60));
        Assert.True(verdict.IsLinearizable, verdict.ToString());

        // The next owner has every write, as both remaining hosts see it, and each key's version goes on from where the
        // old owner left it — deleted keys' too.
        foreach (var (key, (value, version)) in expected)
        {
            foreach (var host in stayers)
            {
                using var read = await host.Client.GetAsync($"/v1/kv/{key}");
                if (value is null)
                {
                    Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                    Assert.Equal((value, version), (await read.Content.ReadAsStringAsync(), Version(read)));
                }
            }

            using var next = await n3.Client.PutAsync($"/v1/kv/{key}", new StringContent("next"));
            Assert.True(next.IsSuccessStatusCode, $"{key}: {(int)next.StatusCode}");
            Assert.True(Version(next) > version, $"{key} was at version {version} before the hand-off and written as {Version(next)} after it");
        }
    }

    private static long Version(HttpResponseMessage response) => long.Parse(response.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"Waited 30 s for {what}.");
            await Task.Delay(20);
        }
    }
}
