using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Actors.Host.Tests.Infrastructure;
using Actors.Store.Linearizability;
using Actors.Store.Sharding;

namespace Actors.Host.Tests.Cluster;

/// <summary>Clusters of real hosts on the private PostgreSQL. They run alone: several processes each.</summary>
[CollectionDefinition(nameof(ClusterProcesses), DisableParallelization = true)]
public sealed class ClusterProcesses;

[Collection(nameof(ClusterProcesses))]
public sealed class ClusterEndToEndTests
{
    private static readonly TimeSpan FailureTimeout = TimeSpan.FromSeconds(2);

    [PostgresFact]
    public async Task Three_hosts_spread_a_fourth_takes_its_share_and_a_graceful_leave_fails_and_loses_nothing()
    {
        await using var cluster = new TestCluster(shards: 12, FailureTimeout);
        var n1 = await cluster.StartNodeAsync("n1");
        var n2 = await cluster.StartNodeAsync("n2");
        var n3 = await cluster.StartNodeAsync("n3");
        await TestCluster.WaitForViewAsync(n1, v => TestCluster.Spread(v) is { Count: 3 } s && s.Values.All(c => c == 4), TimeSpan.FromSeconds(30), "12 shards spread 4/4/4");

        // Load on the nodes that stay, for the whole join and leave: every write must be acknowledged, none lost.
        var acknowledged = new ConcurrentDictionary<string, string>();
        var failures = new ConcurrentBag<string>();
        var targets = new List<ServeProcess> { n1, n3 };
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var node = targets[(writer + i) % targets.Count];
                var key = $"w{writer}-{i}";
                try
                {
                    using var response = await node.Client.PutAsync($"/v1/kv/{key}", new StringContent(key));
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged[key] = key;
                    }
                    else
                    {
                        failures.Add($"{key} via {node.BaseAddress}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (HttpRequestException error)
                {
                    failures.Add($"{key} via {node.BaseAddress}: {error.Message}");
                }
            }
        })).ToArray();

        var n4 = await cluster.StartNodeAsync("n4");
        targets.Add(n4);
        await TestCluster.WaitForViewAsync(n1, v => TestCluster.Spread(v) is { Count: 4 } s && s.Values.All(c => c == 3), TimeSpan.FromSeconds(30), "12 shards spread 3/3/3/3 after n4 joined");

        Assert.Equal(0, await n2.TerminateAsync(TimeSpan.FromSeconds(60)));
        var after = await TestCluster.WaitForViewAsync(n1, v => !v.Members.Any(m => m.Name == "n2" && m.Status == "up") && TestCluster.Spread(v).Values.Sum() == 12,
            TimeSpan.FromSeconds(30), "n2's shards moved to the others");
        Assert.DoesNotContain(after.Shards, s => s.Owner == "n2");

        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.True(failures.IsEmpty, $"{failures.Count} requests failed during the join and the leave: {string.Join("; ", failures.Take(5))}\n" +
            string.Join("\n", cluster.Nodes.Select(n => $"--- {n.BaseAddress}\n{string.Join("\n", n.Errors.Split('\n').Where(l => l.Contains("fail", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)).Take(20))}")));
        Assert.True(acknowledged.Count > 100, $"only {acknowledged.Count} writes were made");
        foreach (var (key, value) in acknowledged)
        {
            Assert.Equal(value, await n3.Client.GetStringAsync($"/v1/kv/{key}"));
        }
    }

    [PostgresFact]
    public async Task A_killed_host_s_shards_are_served_again_within_twice_the_failure_timeout_and_the_history_is_linearizable()
    {
        await using var cluster = new TestCluster(shards: 8, FailureTimeout);
        var nodes = new[] { await cluster.StartNodeAsync("n1"), await cluster.StartNodeAsync("n2"), await cluster.StartNodeAsync("n3") };
        await TestCluster.WaitForViewAsync(nodes[0], v => TestCluster.Spread(v).Count == 3 && TestCluster.Spread(v).Values.All(c => c >= 2), TimeSpan.FromSeconds(30), "three owners");

        var history = new HistoryRecorder<KvInput, KvOutput>();
        var kv = new KvHttpClient(history);
        // One key per shard, so that every shard — the victim's included — is written before and after the failover.
        var keys = Enumerable.Range(0, 8).Select(shard => Enumerable.Range(0, 1000).Select(i => $"k{i}").First(k => StableHash.ShardOf(k, 8) == shard)).ToArray();
        var acknowledged = new int[keys.Length]; // writes answered with their result, per key

        // The hosts the clients send to: replaced whole (never changed in place) when the victim is taken out, and read
        // by every client, so that no client ever sees a list being modified.
        ServeProcess[] alive = nodes;
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 12).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            while (!stop.IsCancellationRequested)
            {
                var targets = Volatile.Read(ref alive);
                var node = targets[random.Next(targets.Length)].Client;
                var k = random.Next(keys.Length);
                var key = keys[k];
                var reply = random.Next(4) switch
                {
                    0 => await kv.GetAsync(node, client, key),
                    1 => await kv.SetAsync(node, client, key, random.Next(1000)),
                    2 => await kv.SetAsync(node, client, key, random.Next(1000), random.Next(4)),
                    _ => await kv.IncrementAsync(node, client, key),
                };
                if (reply.Output is KvWritten or KvIncremented)
                {
                    Interlocked.Increment(ref acknowledged[k]);
                }
            }
        })).ToArray();

        // The load is under way on every host, and every key has been written, before one of them dies.
        await WaitUntilAsync(() => Enumerable.Range(0, keys.Length).All(k => Volatile.Read(ref acknowledged[k]) >= 10), TimeSpan.FromSeconds(30), "10 acknowledged writes of every key before the kill");
        var victim = nodes[2];
        Volatile.Write(ref alive, [nodes[0], nodes[1]]);
        var killed = Stopwatch.StartNew();
        victim.Signal(9);
        await TestCluster.WaitForViewAsync(nodes[0], v => v.Shards.All(s => s.State == "assigned" && s.Owner is "n1" or "n2"), TimeSpan.FromSeconds(30), "n3's shards reassigned");
        foreach (var key in keys)
        {
            while (true)
            {
                using var response = await nodes[0].Client.GetAsync($"/v1/kv/{key}");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound)
                {
                    break;
                }

                Assert.True(killed.Elapsed < FailureTimeout * 4, $"{key} still unavailable {killed.Elapsed} after the kill");
                await Task.Delay(50);
            }
        }

        // The survivors carry the whole load after the failover — writes too, on every shard, not only the reads above
        // (a write whose outcome is unknown is always linearizable: only acknowledged ones prove anything).
        var failover = killed.Elapsed;
        var beforeFailover = Enumerable.Range(0, keys.Length).Select(k => Volatile.Read(ref acknowledged[k])).ToArray();
        await WaitUntilAsync(() => Enumerable.Range(0, keys.Length).All(k => Volatile.Read(ref acknowledged[k]) - beforeFailover[k] >= 10), TimeSpan.FromSeconds(30),
            "10 acknowledged writes of every key after the failover");
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        // Every acknowledged write is still there: a final read of every key through both survivors joins the history,
        // and each must be answered — a key that cannot be read is a failure, not one to skip.
        foreach (var key in keys)
        {
            foreach (var (survivor, client) in new[] { (nodes[0], 100), (nodes[1], 101) })
            {
                var read = await kv.GetAsync(survivor.Client, client, key);
                Assert.True(read.Answered, $"the final read of {key} through {survivor.BaseAddress} got {read}");
            }
        }

        Assert.True(failover <= FailureTimeout * 2, $"shards were served again {failover} after the kill; the target is twice the failure timeout ({FailureTimeout * 2})");
        Assert.Empty(kv.Unexpected);
        var verdict = LinearizabilityChecker.Check(KvModel.Instance, history.ToHistory(), TimeSpan.FromSeconds(120));
        Assert.True(verdict.IsLinearizable, verdict.ToString());
    }

    [PostgresFact]
    public async Task When_the_coordinator_dies_another_takes_over_and_allocation_continues()
    {
        await using var cluster = new TestCluster(shards: 6, FailureTimeout);
        var nodes = new[] { await cluster.StartNodeAsync("n1"), await cluster.StartNodeAsync("n2"), await cluster.StartNodeAsync("n3") };
        var view = await TestCluster.WaitForViewAsync(nodes[0], v => v.Coordinator is not null && TestCluster.Spread(v).Values.All(c => c == 2), TimeSpan.FromSeconds(30), "a coordinator and an even spread");
        var coordinator = nodes[int.Parse(view.Coordinator!.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) - 1];
        var survivor = nodes.First(n => n != coordinator);
        coordinator.Signal(9);

        var next = await TestCluster.WaitForViewAsync(survivor, v => v.Coordinator is { } c && c != view.Coordinator && v.Shards.All(s => s.State == "assigned" && s.Owner != view.Coordinator),
            TimeSpan.FromSeconds(30), "a new coordinator that reassigned the dead one's shards");
        Assert.True(next.CoordinatorTerm > view.CoordinatorTerm);

        await cluster.StartNodeAsync("n4");
        await TestCluster.WaitForViewAsync(survivor, v => TestCluster.Spread(v).TryGetValue("n4", out var count) && count == 2, TimeSpan.FromSeconds(30), "n4 allocated its share by the new coordinator");
    }

    [PostgresFact]
    public async Task A_paused_owner_answers_nothing_from_its_stale_copy_and_nobody_sees_two_owners()
    {
        await using var cluster = new TestCluster(shards: 4, FailureTimeout);

        // n1 reaches the cluster's tables as a role of its own, its journal as every node does. While n1 is paused the
        // role is locked out, so that when n1 wakes up it cannot learn that its shard has moved: it still holds its copy
        // of the shard and the old map. Its membership lease has lapsed, though, so it must answer nothing from that copy
        // — neither a stale read nor a write (were the lease still valid, the journal's fence would refuse the write; the
        // fence itself is tested in Store.Tests' ClusterFencingTests and StaleShardCopyTests).
        await using var n1Cluster = await DatabaseRole.CreateAsync($"{cluster.Schema}_n1");
        var n1 = await cluster.StartNodeAsync("n1",
        [
            $"cluster.postgres.connection-string={n1Cluster.ConnectionString}",
            $"store.postgresql.connection-string={PostgresFactAttribute.ConnectionString}",
            "store.request-timeout=20s", // held requests wait for the new map for as long as the test needs
        ]);
        var n2 = await cluster.StartNodeAsync("n2");
        var view = await TestCluster.WaitForViewAsync(n1, v => TestCluster.Spread(v).Values.All(c => c == 2), TimeSpan.FromSeconds(30), "two shards each");
        var key = Enumerable.Range(0, 100).Select(i => $"sb{i}").First(k => view.Shards[StableHash.ShardOf(k, 4)].Owner == "n1");
        var shard = view.Shards[StableHash.ShardOf(key, 4)];

        var history = new HistoryRecorder<KvInput, KvOutput>();
        var kv = new KvHttpClient(history);
        Assert.Equal(new KvIncremented(1, 1), (await kv.IncrementAsync(n1.Client, 0, key)).Output);

        n1.Signal(19); // SIGSTOP: n1 freezes with the shard in memory
        Assert.True(await n1Cluster.LockOutAsync() > 0, "n1 had no session to the cluster's tables to lose");
        await TestCluster.WaitForViewAsync(n2, v => v.Shards[shard.Id].Owner == "n2" && v.Shards[shard.Id].Epoch > shard.Epoch && v.Members.Any(m => m.Name == "n1" && m.Status == "down"),
            TimeSpan.FromSeconds(30), "n1 marked down and its shards moved to n2");

        // The new owner has recovered the shard and moves the key on: n1's copy is now stale.
        Assert.Equal(new KvIncremented(2, 2), (await kv.IncrementAsync(n2.Client, 1, key)).Output);

        n1.Signal(18); // SIGCONT: n1 wakes up with its old map, and cannot hear otherwise
        await n1.WaitForErrorLineAsync(l => l.Contains("cannot heartbeat", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await n1.Client.GetAsync("/health/live")).StatusCode); // n1 is awake and serving HTTP
        var staleRead = kv.GetAsync(n1.Client, 2, key);
        await Task.WhenAny(staleRead, Task.Delay(TimeSpan.FromSeconds(2))); // a copy in memory answers in microseconds
        Assert.False(staleRead.IsCompleted, $"n1 answered a read from a copy it may no longer own: {(staleRead.IsCompleted ? staleRead.Result : null)}");
        var staleWrite = kv.IncrementAsync(n1.Client, 3, key);
        await Task.WhenAny(staleWrite, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.False(staleWrite.IsCompleted, $"n1 answered a write to a copy it no longer owns: {(staleWrite.IsCompleted ? staleWrite.Result : null)}");

        // Once n1 can read the map again, it sends both to the real owner: each is answered from n2's history, and the
        // write is applied once.
        await n1Cluster.LetInAsync();
        var read = await staleRead;
        var write = await staleWrite;
        Assert.True(read.Output is KvFound { Value: 2 or 3 }, $"the held read answered {read.Output}, not n2's value"); // 3 if the held write reached n2 first
        Assert.True(write.Output is KvIncremented { Value: 3 }, $"the held write answered {write.Output}, not one increment over n2's value");
        var after = await TestCluster.WaitForViewAsync(n1, v => v.Shards[shard.Id].Owner == "n2", TimeSpan.FromSeconds(30), "n1 to see that n2 owns the shard");
        Assert.Contains(after.Members, m => m.Name == "n1" && m.Status == "down");

        // From now on both hosts answer from one history: n1 forwards to n2.
        var answered = 0;
        for (var i = 0; i < 20; i++)
        {
            foreach (var reply in new[] { await kv.SetAsync(n1.Client, 3, key, 100 + i), await kv.GetAsync(n1.Client, 4, key), await kv.IncrementAsync(n2.Client, 5, key), await kv.GetAsync(n2.Client, 6, key) })
            {
                answered += reply.Answered ? 1 : 0;
            }
        }

        Assert.True(answered == 80, $"{80 - answered} of 80 requests after the partition were not answered");
        Assert.Equal(new KvFound(120, 43), (await kv.GetAsync(n1.Client, 7, key)).Output);
        Assert.Empty(kv.Unexpected);
        var verdict = LinearizabilityChecker.Check(KvModel.Instance, history.ToHistory(), TimeSpan.FromSeconds(60));
        Assert.True(verdict.IsLinearizable, verdict.ToString());
    }

    [PostgresFact]
    public async Task Bad_cluster_configuration_fails_at_start_with_a_clear_error()
    {
        await using var cluster = new TestCluster(shards: 4, FailureTimeout);
        await cluster.StartNodeAsync("n1");

        var duplicate = await ServeProcess.RunToExitAsync(["serve", "--urls", "http://127.0.0.1:0", .. Defines(cluster, "n1", "-D", "cluster.advertised-url=http://127.0.0.1:1")]);
        Assert.Equal(1, duplicate.Exit);
        Assert.Contains("n1", duplicate.Error);

        var shardCount = await ServeProcess.RunToExitAsync(["serve", "--urls", "http://127.0.0.1:0", .. Defines(cluster, "n9", "-D", "store.shards=8", "-D", "cluster.advertised-url=http://127.0.0.1:1")]);
        Assert.Equal(1, shardCount.Exit);
        Assert.Contains("shard", shardCount.Error, StringComparison.OrdinalIgnoreCase);

        var unreachable = await ServeProcess.RunToExitAsync(["serve", "--urls", "http://127.0.0.1:0", .. Defines(cluster, "n8",
            "-D", "cluster.postgres.connection-string=Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=2", "-D", "cluster.join-timeout=5s", "-D", "cluster.advertised-url=http://127.0.0.1:1")]);
        Assert.Equal(1, unreachable.Exit);
        Assert.Contains("reach", unreachable.Error, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan bound, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < bound, $"Waited {bound} for {what}.");
            await Task.Delay(20);
        }
    }

    private static string[] Defines(TestCluster cluster, string name, params string[] extra) =>
        [.. cluster.CommonDefines().SelectMany(d => new[] { "-D", d }), "-D", $"cluster.node-name={name}", "-D", $"store.data-dir={TempDirectory.Create("bad")}", .. extra];
}
