using System.Diagnostics;
using Actors.Store.Cluster;
using Actors.Store.Tests.Api;
using Xunit.Abstractions;

namespace Actors.Store.Tests.Cluster;

/// <summary>Change notifications, and nodes whose database sessions are killed under them.</summary>
public sealed class ClusterResilienceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    [PostgresFact]
    public async Task Changes_reach_the_other_nodes_by_notification_long_before_any_periodic_read()
    {
        await using var cluster = new ClusterTestBed(output, shards: 4);

        // Heartbeats (which also notice a newer version) once a second, periodic reads once a minute: only a
        // notification can bring a change within a few hundred milliseconds.
        static ClusterSettings Slow(ClusterSettings s) => s with
        {
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            FailureTimeout = TimeSpan.FromSeconds(3),
            ViewRefreshInterval = TimeSpan.FromMinutes(1),
        };

        SimulatedNode observer = await cluster.StartAsync("observer", Slow);
        var latencies = new List<TimeSpan>();
        for (int i = 0; i < 5; i++)
        {
            string name = $"joiner-{i}";
            await cluster.StartAsync(name, Slow);
            var clock = Stopwatch.StartNew();
            await ClusterTestBed.WaitForAsync(observer, v => v.Member(name) is not null, Settle, $"the observer sees {name}");
            latencies.Add(clock.Elapsed);
        }

        TimeSpan median = latencies.Order().ElementAt(latencies.Count / 2);
        output.WriteLine($"latencies: {string.Join(", ", latencies.Select(l => $"{l.TotalMilliseconds:0} ms"))}");
        Assert.True(median < TimeSpan.FromMilliseconds(300), $"median {median.TotalMilliseconds} ms");
        cluster.History.AssertClean();
    }

    [PostgresFact]
    public async Task A_node_whose_sessions_are_all_killed_reconnects_and_stays_a_member()
    {
        await using var cluster = new ClusterTestBed(output);

        // Sessions are killed below by application name, which carries the node's name. Other tests run their own
        // clusters in parallel on the same server, with nodes called a, b, c too: names of this test's own keep the kill
        // to its own sessions.
        string[] names = [.. new[] { "a", "b", "c", "d" }.Select(n => $"{n}-{cluster.Schema[^8..]}")];
        string[] first = names[..3];
        IReadOnlyList<SimulatedNode> nodes = await cluster.StartAllAsync(first);
        ClusterView before = await ClusterTestBed.WaitForAsync(nodes[0], v => ClusterTestBed.IsBalanced(v, first), Settle, "4/4/4");
        SimulatedNode coordinator = nodes.Single(n => n.Node.IsCoordinator);

        // Every session of the coordinator dies at once, as in a network blip or a server-side kill.
        long killed = await cluster.ScalarAsync<long>(
            $"SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'actors-cluster {coordinator.Name}') AS k");
        Assert.True(killed >= 2, $"{killed} sessions killed");

        // It stays a member (its heartbeats resume well within the failure timeout), a coordinator carries on, and the
        // node hears of changes again: a new member shows up in its view.
        SimulatedNode d = await cluster.StartAsync(names[3]);
        await ClusterTestBed.WaitForAsync(coordinator, v => v.Member(d.Name) is not null && ClusterTestBed.IsBalanced(v, names), Settle, "the map rebalanced with d, seen by the node");
        await ClusterTestBed.EventuallyAsync(() => cluster.Nodes.Count(n => n.Node.IsCoordinator) == 1, Settle, "one coordinator");
        ClusterView after = await coordinator.Node.RefreshAsync();
        Assert.Equal(MemberStatus.Up, after.Member(coordinator.Name)!.Status);
        Assert.Equal(coordinator.Node.Incarnation, after.Member(coordinator.Name)!.Incarnation);
        Assert.False(coordinator.Node.Expelled.IsCompleted);
        Assert.True(coordinator.Node.HasLease);

        // Shards it kept were never moved: same epochs as before (only the three that went to d moved).
        Assert.Equal(9, after.Shards.Count(s => s.Epoch == before.Shards[s.Shard].Epoch));
        cluster.History.AssertClean();
    }
}
