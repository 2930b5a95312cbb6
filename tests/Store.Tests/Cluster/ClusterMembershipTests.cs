using System.Diagnostics;
using Actors.Store.Cluster;
using Actors.Store.Tests.Api;
using Xunit.Abstractions;

namespace Actors.Store.Tests.Cluster;

/// <summary>Nodes joining and leaving: shards spread evenly, move with bounded hand-offs, and leave with their owner.</summary>
public sealed class ClusterMembershipTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    [PostgresFact]
    public async Task Three_nodes_spread_twelve_shards_evenly_and_agree_on_the_map()
    {
        await using var cluster = new ClusterTestBed(output);
        IReadOnlyList<SimulatedNode> nodes = await cluster.StartAllAsync("a", "b", "c");

        ClusterView view = await ClusterTestBed.WaitForAsync(nodes[0], v => ClusterTestBed.IsBalanced(v, "a", "b", "c"), Settle, "12 shards spread 4/4/4");

        Assert.All(["a", "b", "c"], m => Assert.Equal(4, view.ShardsOwnedBy(m).Count()));
        Assert.All(view.Shards, s => Assert.True(s.Epoch >= 1));
        Assert.All(view.Members, m => Assert.Equal(MemberStatus.Up, m.Status));
        Assert.Equal("http://b.test:5080", view.UrlOf(view.ShardsOwnedBy("b").First().Shard));
        Assert.Single(nodes, n => n.Node.IsCoordinator);
        Assert.Equal(view.Coordinator, nodes.Single(n => n.Node.IsCoordinator).Name);

        // Every node comes to the same map, and hosts exactly its own shards.
        foreach (SimulatedNode node in nodes)
        {
            ClusterView seen = await ClusterTestBed.WaitForAsync(node, v => v.Version >= view.Version, Settle, $"{node.Name} sees version {view.Version}");
            Assert.Equal(string.Join(";", view.Shards), string.Join(";", (await node.Node.RefreshAsync()).Shards));
            int[] owned = view.ShardsOwnedBy(node.Name).Select(s => s.Shard).Order().ToArray();
            await ClusterTestBed.EventuallyAsync(() => node.Hosted.Keys.Order().SequenceEqual(owned), Settle, $"{node.Name} hosts exactly its shards");
            Assert.All(view.ShardsOwnedBy(node.Name), s => Assert.True(node.Node.IsActiveOwner(s.Shard, out long epoch) && epoch == s.Epoch));
        }

        cluster.History.AssertClean();
    }

    [PostgresFact]
    public async Task A_fourth_node_receives_its_share_with_a_bounded_number_of_hand_offs_at_once()
    {
        await using var cluster = new ClusterTestBed(output);
        IReadOnlyList<SimulatedNode> nodes = await cluster.StartAllAsync("a", "b", "c");
        ClusterView before = await ClusterTestBed.WaitForAsync(nodes[0], v => ClusterTestBed.IsBalanced(v, "a", "b", "c"), Settle, "4/4/4");
        int maxBefore = cluster.History.MaxHandOffsInFlight;

        SimulatedNode d = await cluster.StartAsync("d");
        ClusterView after = await ClusterTestBed.WaitForAsync(d, v => ClusterTestBed.IsBalanced(v, "a", "b", "c", "d"), Settle, "3/3/3/3 after d joined");

        Assert.Equal(3, after.ShardsOwnedBy("d").Count());
        Assert.InRange(cluster.History.MaxHandOffsInFlight, 1, 4);
        Assert.True(maxBefore <= 4);

        // Exactly the moved shards have new epochs, one higher: a hand-off moves a shard to the next epoch.
        foreach (ShardOwnership shard in after.Shards)
        {
            ShardOwnership was = before.Shards[shard.Shard];
            Assert.Equal(was.Owner == shard.Owner ? was.Epoch : was.Epoch + 1, shard.Epoch);
        }

        Assert.Equal(3, after.Shards.Count(s => s.Owner != before.Shards[s.Shard].Owner));
        cluster.History.AssertClean();
    }

    [PostgresFact]
    public async Task Hand_offs_in_flight_never_exceed_the_limit()
    {
        await using var cluster = new ClusterTestBed(output, shards: 24);
        SimulatedNode a = await cluster.StartAsync("a", s => s with { MaxMovesPerRound = 2 });
        await ClusterTestBed.WaitForAsync(a, v => v.ShardsOwnedBy("a").Count() == 24, Settle, "a owns all 24");

        await cluster.StartAsync("b", s => s with { MaxMovesPerRound = 2 });
        await cluster.StartAsync("c", s => s with { MaxMovesPerRound = 2 });
        await ClusterTestBed.WaitForAsync(a, v => ClusterTestBed.IsBalanced(v, "a", "b", "c"), Settle, "8/8/8");

        Assert.InRange(cluster.History.MaxHandOffsInFlight, 1, 2);
        cluster.History.AssertClean();
    }

    [PostgresFact]
    public async Task A_leaving_node_hands_its_shards_off_then_deregisters()
    {
        await using var cluster = new ClusterTestBed(output);
        IReadOnlyList<SimulatedNode> nodes = await cluster.StartAllAsync("a", "b", "c");
        ClusterView before = await ClusterTestBed.WaitForAsync(nodes[0], v => ClusterTestBed.IsBalanced(v, "a", "b", "c"), Settle, "4/4/4");
        SimulatedNode c = nodes[2];

        using var leaveTimeout = new CancellationTokenSource(Settle);
        await c.Node.LeaveAsync(leaveTimeout.Token);

        Assert.False(c.Node.HasLease);
        await ClusterTestBed.EventuallyAsync(() => c.Hosted.Count == 0, Settle, "c hosts nothing");
        ClusterView after = await ClusterTestBed.WaitForAsync(nodes[0], v => v.Member("c") is null && ClusterTestBed.IsBalanced(v, "a", "b"), Settle, "c gone, 6/6");
        foreach (ShardOwnership shard in before.ShardsOwnedBy("c"))
        {
            Assert.NotEqual("c", after.Shards[shard.Shard].Owner);
            Assert.True(after.Shards[shard.Shard].Epoch > shard.Epoch);
        }

        Assert.False(c.Node.Expelled.IsCompleted); // left, not expelled
        cluster.History.AssertClean();
    }

    [PostgresFact]
    public async Task The_last_node_leaving_unassigns_every_shard_and_the_next_node_takes_them()
    {
        await using var cluster = new ClusterTestBed(output, shards: 4);
        SimulatedNode a = await cluster.StartAsync("a");
        ClusterView owned = await ClusterTestBed.WaitForAsync(a, v => v.ShardsOwnedBy("a").Count() == 4, Settle, "a owns all 4");

        using var leaveTimeout = new CancellationTokenSource(Settle);
        await a.Node.LeaveAsync(leaveTimeout.Token);
        ClusterView empty = await a.Node.RefreshAsync();

        Assert.Empty(empty.Members);
        Assert.Null(empty.Coordinator);
        Assert.All(empty.Shards, s => Assert.Equal((ShardOwnershipState.Unassigned, (string?)null, owned.Shards[s.Shard].Epoch + 1), (s.State, s.Owner, s.Epoch)));

        SimulatedNode b = await cluster.StartAsync("b");
        ClusterView taken = await ClusterTestBed.WaitForAsync(b, v => v.ShardsOwnedBy("b").Count() == 4, Settle, "b owns all 4");
        Assert.All(taken.Shards, s => Assert.Equal(empty.Shards[s.Shard].Epoch + 1, s.Epoch));
        cluster.History.AssertClean();
    }

    [PostgresFact]
    public async Task A_hand_off_the_owner_does_not_complete_in_time_is_cancelled_and_the_owner_keeps_the_shard()
    {
        await using var cluster = new ClusterTestBed(output, shards: 4);
        SimulatedNode a = await cluster.StartAsync("a", s => s with { HandOffTimeout = TimeSpan.FromSeconds(1) });
        await ClusterTestBed.WaitForAsync(a, v => v.ShardsOwnedBy("a").Count() == 4, Settle, "a owns all 4");
        a.AutoRelease = false; // stuck: it never flushes

        await cluster.StartAsync("b", s => s with { HandOffTimeout = TimeSpan.FromSeconds(1) });
        ClusterView handingOff = await ClusterTestBed.WaitForAsync(a, v => v.Shards.Any(s => s.State == ShardOwnershipState.HandingOff), Settle, "a hand-off starts");
        ShardOwnership moving = handingOff.Shards.First(s => s.State == ShardOwnershipState.HandingOff);
        var clock = Stopwatch.StartNew();

        ClusterView cancelled = await ClusterTestBed.WaitForAsync(
            a, v => v.Shards[moving.Shard] is { State: ShardOwnershipState.Assigned, Owner: "a" }, Settle, "the hand-off is cancelled");

        Assert.Equal(moving.Epoch, cancelled.Shards[moving.Shard].Epoch); // the live owner keeps it, at its epoch
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"cancelled after {clock.Elapsed}");
        await ClusterTestBed.EventuallyAsync(() => a.Hosted.ContainsKey(moving.Shard), Settle, "a hosts the shard again");

        // Once the owner cooperates, the shards are handed off after all.
        a.AutoRelease = true;
        a.Reconsider();
        await ClusterTestBed.WaitForAsync(a, v => ClusterTestBed.IsBalanced(v, "a", "b"), Settle, "2/2");
        cluster.History.AssertClean();
    }

    [PostgresFact]
    public async Task Releasing_a_shard_that_is_not_being_handed_off_is_refused()
    {
        await using var cluster = new ClusterTestBed(output, shards: 2);
        SimulatedNode a = await cluster.StartAsync("a");
        ClusterView view = await ClusterTestBed.WaitForAsync(a, v => v.ShardsOwnedBy("a").Count() == 2, Settle, "a owns both");

        Assert.False(await a.Node.ReleaseShardAsync(0, view.Shards[0].Epoch));
        Assert.False(await a.Node.ReleaseShardAsync(1, view.Shards[1].Epoch + 7));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => a.Node.ReleaseShardAsync(2, 1));
        Assert.Equal(view.Shards[0], (await a.Node.RefreshAsync()).Shards[0]);
    }
}
