using System.Diagnostics;
using Actors.Store.Cluster;
using Actors.Store.Tests.Api;
using Xunit.Abstractions;

namespace Actors.Store.Tests.Cluster;

/// <summary>Nodes that die, pause, or restart: their shards move under new epochs, and a coordinator always carries on.</summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan FailureTimeout = ClusterTestBed.FailureTimeout;

    [PostgresFact]
    public async Task A_crashed_node_is_marked_down_and_its_shards_fail_over_under_higher_epochs()
    {
        await using var cluster = new ClusterTestBed(output);
        IReadOnlyList<SimulatedNode> nodes = await cluster.StartAllAsync("a", "b", "c");
        ClusterView before = await ClusterTestBed.WaitForAsync(nodes[0], v => ClusterTestBed.IsBalanced(v, "a", "b", "c"), Settle, "4/4/4");
        SimulatedNode victim = nodes.First(n => !n.Node.IsCoordinator);
        SimulatedNode survivor = nodes.First(n => n != victim);
        string[] others = nodes.Where(n => n != victim).Select(n => n.Name).ToArray();

        var clock = Stopwatch.StartNew();
        await cluster.CrashAsync(victim);
        ClusterView after = await ClusterTestBed.WaitForAsync(
            survivor, v => !v.ShardsOwnedBy(victim.Name).Any() && v.Shards.All(s => s.State == ShardOwnershipState.Assigned), Settle, $"{victim.Name}'s shards reassigned");
        TimeSpan failover = clock.Elapsed;

        output.WriteLine($"failover took {failover.TotalMilliseconds:0} ms (failure timeout {FailureTimeout.TotalMilliseconds} ms)");
        // Not before its last heartbeat (at most one interval before the crash) is a failure timeout old; soon after that.
        Assert.InRange(failover, FailureTimeout - TimeSpan.FromMilliseconds(400), FailureTimeout * 2 + TimeSpan.FromSeconds(1));
        Assert.Equal(MemberStatus.Down, after.Member(victim.Name)!.Status);
        foreach (ShardOwnership shard in before.ShardsOwnedBy(victim.Name))
        {
            Assert.Contains(after.Shards[shard.Shard].Owner, others);
            Assert.Equal(shard.Epoch + 1, after.Shards[shard.Shard].Epoch);
        }

        await ClusterTestBed.WaitForAsync(survivor, v => ClusterTestBed.IsBalanced(v, others), Settle, "6/6 among the survivors");
        cluster.History.AssertClean();
    }

    [PostgresFact]
    public async Task A_paused_node_stops_serving_before_its_shards_move_and_finds_itself_expelled_when_it_resumes()
    {
        await using var cluster = new ClusterTestBed(output);
        IReadOnlyList<SimulatedNode> nodes = await cluster.StartAllAsync("a", "b", "c");
        ClusterView before = await ClusterTestBed.WaitForAsync(nodes[0], v => ClusterTestBed.IsBalanced(v, "a", "b", "c"), Settle, "4/4/4");
        SimulatedNode paused = nodes.First(n => !n.Node.IsCoordinator);
        SimulatedNode observer = nodes.First(n => n != paused);
        int shard = before.ShardsOwnedBy(paused.Name).First().Shard;

        paused.Pause(); // SIGSTOP: its sessions stay open, it does nothing
        await ClusterTestBed.WaitForAsync(observer, v => !v.ShardsOwnedBy(paused.Name).Any(), Settle, $"{paused.Name}'s shards reassigned");

        // The registry checked, as each shard was taken over, that the paused node's lease had run out.
        Assert.False(paused.Node.HasLease);
        Assert.False(paused.Node.IsActiveOwner(shard, out _));

        paused.Resume(); // SIGCONT
        string reason = await paused.Node.Expelled.WaitAsync(Settle);
        Assert.Contains("down", reason);
        ClusterView seen = await ClusterTestBed.WaitForAsync(paused, v => v.Member(paused.Name)?.Status == MemberStatus.Down, Settle, "the resumed node sees itself down");
        Assert.Empty(seen.ShardsOwnedBy(paused.Name));
        await ClusterTestBed.EventuallyAsync(() => paused.Hosted.Count == 0, Settle, "the resumed node stops hosting");
        Assert.False(paused.Node.HasLease);
        cluster.History.AssertClean();
    }

    [PostgresFact]
    public async Task When_the_coordinator_dies_another_node_takes_over_and_allocation_continues()
    {
        await using var cluster = new ClusterTestBed(output);
        IReadOnlyList<SimulatedNode> nodes = await cluster.StartAllAsync("a", "b", "c");
        ClusterView before = await ClusterTestBed.WaitForAsync(nodes[0], v => ClusterTestBed.IsBalanced(v, "a", "b", "c"), Settle, "4/4/4");
        SimulatedNode coordinator = nodes.Single(n => n.Node.IsCoordinator);
        string[] others = nodes.Where(n => n != coordinator).Select(n => n.Name).ToArray();
        SimulatedNode survivor = nodes.First(n => n != coordinator);

        await cluster.CrashAsync(coordinator);
        ClusterView after = await ClusterTestBed.WaitForAsync(
            survivor, v => v.Coordinator is { } c && c != coordinator.Name && ClusterTestBed.IsBalanced(v, others), Settle, "a new coordinator rebalanced 6/6");

        Assert.True(after.CoordinatorTerm > before.CoordinatorTerm);
        Assert.Single(cluster.Nodes, n => n.Node.IsCoordinator);
        Assert.Equal(MemberStatus.Down, after.Member(coordinator.Name)!.Status);

        // And it keeps coordinating: a new node gets its share.
        SimulatedNode d = await cluster.StartAsync("d");
        await ClusterTestBed.WaitForAsync(d, v => ClusterTestBed.IsBalanced(v, [.. others, "d"]), Settle, "4/4/4 with d");
        cluster.History.AssertClean();
    }

    [PostgresFact]
    public async Task A_paused_coordinator_loses_its_lock_to_the_idle_timeout_and_a_live_node_takes_over()
    {
        await using var cluster = new ClusterTestBed(output);
        IReadOnlyList<SimulatedNode> nodes = await cluster.StartAllAsync("a", "b", "c");
        ClusterView before = await ClusterTestBed.WaitForAsync(nodes[0], v => ClusterTestBed.IsBalanced(v, "a", "b", "c"), Settle, "4/4/4");
        SimulatedNode coordinator = nodes.Single(n => n.Node.IsCoordinator);
        SimulatedNode survivor = nodes.First(n => n != coordinator);
        string[] others = nodes.Where(n => n != coordinator).Select(n => n.Name).ToArray();

        coordinator.Pause(); // its lock session stays open: only the server's idle timeout can end it
        ClusterView after = await ClusterTestBed.WaitForAsync(
            survivor, v => v.Coordinator is { } c && c != coordinator.Name && ClusterTestBed.IsBalanced(v, others), Settle, "a live coordinator took over");

        Assert.True(after.CoordinatorTerm > before.CoordinatorTerm);
        Assert.False(coordinator.Node.IsCoordinator);

        coordinator.Resume();
        await coordinator.Node.Expelled.WaitAsync(Settle);
        Assert.False(coordinator.Node.IsCoordinator);
        Assert.Single(cluster.Nodes, n => n.Node.IsCoordinator);
        cluster.History.AssertClean();
    }

    [PostgresFact]
    public async Task A_restarted_node_takes_its_name_back_and_its_old_incarnation_is_fenced_off()
    {
        await using var cluster = new ClusterTestBed(output);
        IReadOnlyList<SimulatedNode> nodes = await cluster.StartAllAsync("a", "b");
        ClusterView before = await ClusterTestBed.WaitForAsync(nodes[0], v => ClusterTestBed.IsBalanced(v, "a", "b"), Settle, "6/6");
        SimulatedNode old = nodes.First(n => !n.Node.IsCoordinator);
        Guid oldIncarnation = old.Node.Incarnation;

        await cluster.CrashAsync(old);
        var clock = Stopwatch.StartNew();
        SimulatedNode restarted = await cluster.StartAsync(old.Name); // waits until the old incarnation has been silent long enough
        output.WriteLine($"rejoined after {clock.ElapsedMilliseconds} ms");

        Assert.NotEqual(oldIncarnation, restarted.Node.Incarnation);
        Assert.True(clock.Elapsed < FailureTimeout * 2 + TimeSpan.FromSeconds(1), $"rejoin took {clock.Elapsed}");
        ClusterView after = await ClusterTestBed.WaitForAsync(restarted, v => ClusterTestBed.IsBalanced(v, "a", "b"), Settle, "6/6 again");

        // Whether it took its shards back at once or they failed over first, every one of them is at a newer epoch.
        foreach (ShardOwnership shard in before.ShardsOwnedBy(old.Name))
        {
            Assert.True(after.Shards[shard.Shard].Epoch > shard.Epoch);
        }

        Assert.Equal(restarted.Node.Incarnation, after.Member(old.Name)!.Incarnation);
        Assert.Equal(MemberStatus.Up, after.Member(old.Name)!.Status);
        cluster.History.AssertClean();
    }
}
