using Actors.Store.Cluster;

namespace Actors.Store.Tests.Cluster;

/// <summary>The coordinator's rules, without a database.</summary>
public sealed class ShardPlannerTests
{
    private static readonly MemberRow[] ThreeUp = [Up("a"), Up("b"), Up("c")];

    [Fact]
    public void A_new_cluster_spreads_every_shard_evenly_under_epoch_one()
    {
        IReadOnlyList<ShardChange> changes = ShardPlanner.Plan(ThreeUp, Unassigned(12), maxHandOffs: 4);

        ShardOwnership[] after = Apply(Unassigned(12), changes);
        Assert.All(after, s => Assert.Equal((ShardOwnershipState.Assigned, 1L), (s.State, s.Epoch)));
        Assert.All(["a", "b", "c"], m => Assert.Equal(4, after.Count(s => s.Owner == m)));
    }

    [Fact]
    public void Without_members_that_are_up_nothing_is_assigned()
    {
        Assert.Empty(ShardPlanner.Plan([new MemberRow("a", MemberStatus.Leaving)], Unassigned(4), 4));
        Assert.Empty(ShardPlanner.Plan([], Unassigned(4), 4));
    }

    [Fact]
    public void A_balanced_map_is_left_alone()
    {
        ShardRow[] shards = Owned("a", "b", "c", "a", "b", "c", "a");

        Assert.Empty(ShardPlanner.Plan(ThreeUp, shards, 4));
    }

    [Fact]
    public void A_new_member_receives_hand_offs_up_to_the_limit_from_the_most_loaded()
    {
        ShardRow[] shards = Owned("a", "a", "a", "a", "a", "a", "b", "b", "b", "b", "b", "b");

        IReadOnlyList<ShardChange> changes = ShardPlanner.Plan(ThreeUp, shards, maxHandOffs: 3);

        Assert.Equal(3, changes.Count);
        Assert.All(changes, c => Assert.Equal((ShardOwnershipState.HandingOff, "c", c.Before.Epoch), (c.After.State, c.After.NextOwner, c.After.Epoch)));
        Assert.Equal(["a", "a", "b"], changes.Select(c => c.Before.Owner!).Order(StringComparer.Ordinal)); // always from the most loaded
    }

    [Fact]
    public void Hand_offs_already_in_flight_count_against_the_limit()
    {
        ShardRow[] shards = Owned("a", "a", "a", "a", "a", "a");
        shards[0] = shards[0] with { Ownership = shards[0].Ownership with { State = ShardOwnershipState.HandingOff, NextOwner = "b" } };

        IReadOnlyList<ShardChange> changes = ShardPlanner.Plan([Up("a"), Up("b")], shards, maxHandOffs: 2);

        // b will have 1 once the hand-off in flight lands; one more may start now.
        ShardChange change = Assert.Single(changes);
        Assert.Equal("b", change.After.NextOwner);
    }

    [Fact]
    public void The_shards_of_a_member_that_is_down_fail_over_at_once_under_a_new_epoch_whatever_the_limit()
    {
        ShardRow[] shards = Owned("a", "b", "c", "a", "b", "c", "a", "b", "c");
        MemberRow[] members = [Up("a"), Up("b"), new MemberRow("c", MemberStatus.Down)];

        IReadOnlyList<ShardChange> changes = ShardPlanner.Plan(members, shards, maxHandOffs: 1);

        Assert.Equal(3, changes.Count);
        Assert.All(changes, c =>
        {
            Assert.Equal("c", c.Before.Owner);
            Assert.Equal(ShardOwnershipState.Assigned, c.After.State);
            Assert.Contains(c.After.Owner, new[] { "a", "b" });
            Assert.Equal(c.Before.Epoch + 1, c.After.Epoch);
            Assert.Contains("c is down", c.Reason);
        });
        ShardOwnership[] after = Apply(shards.Select(s => s.Ownership).ToArray(), changes);
        Assert.InRange(after.Count(s => s.Owner == "a") - after.Count(s => s.Owner == "b"), -1, 1);
    }

    [Fact]
    public void An_owner_missing_from_the_members_counts_as_down()
    {
        IReadOnlyList<ShardChange> changes = ShardPlanner.Plan([Up("a")], Owned("gone", "a"), 4);

        ShardChange change = Assert.Single(changes);
        Assert.Equal(("a", 2L), (change.After.Owner, change.After.Epoch));
    }

    [Fact]
    public void A_down_owner_in_the_middle_of_a_hand_off_loses_the_shard_to_its_next_owner()
    {
        ShardRow[] shards = Owned("c", "a", "a", "a");
        shards[0] = shards[0] with { Ownership = shards[0].Ownership with { State = ShardOwnershipState.HandingOff, NextOwner = "b" } };

        IReadOnlyList<ShardChange> changes = ShardPlanner.Plan([Up("a"), Up("b"), new MemberRow("c", MemberStatus.Down)], shards, 1);

        ShardChange failover = changes.Single(c => c.Before.Shard == 0);
        Assert.Equal(("b", ShardOwnershipState.Assigned, 2L, (string?)null), (failover.After.Owner, failover.After.State, failover.After.Epoch, failover.After.NextOwner));
    }

    [Fact]
    public void With_nobody_up_a_down_owners_shards_become_unassigned_under_a_new_epoch()
    {
        IReadOnlyList<ShardChange> changes = ShardPlanner.Plan([new MemberRow("a", MemberStatus.Down)], Owned("a", "a"), 4);

        Assert.All(changes, c => Assert.Equal(((string?)null, ShardOwnershipState.Unassigned, 2L), (c.After.Owner, c.After.State, c.After.Epoch)));
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void A_leaving_members_shards_are_handed_off_within_the_limit_and_to_nobody_when_none_is_up()
    {
        MemberRow[] members = [Up("a"), new MemberRow("b", MemberStatus.Leaving)];
        IReadOnlyList<ShardChange> changes = ShardPlanner.Plan(members, Owned("b", "b", "b", "a"), maxHandOffs: 2);

        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.Equal(("b", ShardOwnershipState.HandingOff, "a", 1L), (c.After.Owner, c.After.State, c.After.NextOwner, c.After.Epoch)));

        IReadOnlyList<ShardChange> alone = ShardPlanner.Plan([new MemberRow("b", MemberStatus.Leaving)], Owned("b", "b"), 4);
        Assert.All(alone, c => Assert.Equal((ShardOwnershipState.HandingOff, (string?)null), (c.After.State, c.After.NextOwner)));
        Assert.Equal(2, alone.Count);
    }

    [Fact]
    public void A_rebalancing_hand_off_that_times_out_is_cancelled_and_the_live_owner_keeps_its_epoch()
    {
        ShardRow[] shards = Owned("a", "a", "a", "b");
        shards[0] = new ShardRow(shards[0].Ownership with { State = ShardOwnershipState.HandingOff, NextOwner = "b" }, HandOffExpired: true);

        IReadOnlyList<ShardChange> changes = ShardPlanner.Plan([Up("a"), Up("b")], shards, maxHandOffs: 1);

        ShardChange cancel = changes.Single(c => c.Before.Shard == 0);
        Assert.Equal(("a", ShardOwnershipState.Assigned, 1L, (string?)null), (cancel.After.Owner, cancel.After.State, cancel.After.Epoch, cancel.After.NextOwner));
        Assert.Contains("did not release", cancel.Reason);
        Assert.True(cancel.Rest);

        // The shard rests; balancing tries another of a's shards meanwhile.
        ShardChange retry = changes.Single(c => c.Before.Shard != 0);
        Assert.Equal((1, ShardOwnershipState.HandingOff, "b"), (retry.Before.Shard, retry.After.State, retry.After.NextOwner));
        Assert.False(retry.Rest);
    }

    [Fact]
    public void A_resting_shard_is_not_picked_for_balancing()
    {
        ShardRow[] shards = Owned("a", "a", "a");
        shards[0] = shards[0] with { Resting = true };
        shards[1] = shards[1] with { Resting = true };

        ShardChange change = Assert.Single(ShardPlanner.Plan([Up("a"), Up("b")], shards, 4));

        Assert.Equal(2, change.Before.Shard);
        Assert.Empty(ShardPlanner.Plan([Up("a"), Up("b")], [.. shards[..2], shards[2] with { Resting = true }], 4));
    }

    [Fact]
    public void A_leaving_owners_hand_off_is_never_cancelled_but_follows_a_member_that_is_up()
    {
        ShardRow[] shards = Owned("b", "a");
        shards[0] = new ShardRow(shards[0].Ownership with { State = ShardOwnershipState.HandingOff, NextOwner = "c" }, HandOffExpired: true);
        MemberRow[] members = [Up("a"), new MemberRow("b", MemberStatus.Leaving), new MemberRow("c", MemberStatus.Down)];

        ShardChange change = Assert.Single(ShardPlanner.Plan(members, shards, 4));

        Assert.Equal(("b", ShardOwnershipState.HandingOff, "a", 1L), (change.After.Owner, change.After.State, change.After.NextOwner, change.After.Epoch));
    }

    [Fact]
    public void A_rebalancing_hand_off_to_a_member_that_went_down_is_cancelled()
    {
        ShardRow[] shards = Owned("a", "a");
        shards[1] = new ShardRow(shards[1].Ownership with { State = ShardOwnershipState.HandingOff, NextOwner = "b" }, HandOffExpired: false);

        ShardChange change = Assert.Single(ShardPlanner.Plan([Up("a"), new MemberRow("b", MemberStatus.Down)], shards, 4));

        Assert.Equal(("a", ShardOwnershipState.Assigned, 1L), (change.After.Owner, change.After.State, change.After.Epoch));
    }

    [Fact]
    public void Planning_moves_towards_balance_round_after_round()
    {
        // Simulate rounds in which every hand-off completes before the next: the map converges, with at most
        // maxHandOffs moves a round, and every owner change raises the epoch by one.
        MemberRow[] members = [Up("a"), Up("b"), Up("c"), Up("d"), Up("e")];
        ShardOwnership[] shards = Owned(Enumerable.Repeat("a", 40).ToArray()).Select(s => s.Ownership).ToArray();
        for (int round = 0; round < 40; round++)
        {
            IReadOnlyList<ShardChange> changes = ShardPlanner.Plan(members, shards.Select(s => new ShardRow(s, false)).ToArray(), maxHandOffs: 3);
            if (changes.Count == 0)
            {
                break;
            }

            Assert.InRange(changes.Count, 1, 3);
            shards = Apply(shards, changes);
            shards = shards.Select(s => s.State == ShardOwnershipState.HandingOff ? new ShardOwnership(s.Shard, s.NextOwner, s.Epoch + 1, ShardOwnershipState.Assigned, null) : s).ToArray();
        }

        Assert.All(members, m => Assert.Equal(8, shards.Count(s => s.Owner == m.Name)));
        Assert.Equal(32, shards.Count(s => s.Epoch == 2));
    }

    private static MemberRow Up(string name) => new(name, MemberStatus.Up);

    private static ShardRow[] Unassigned(int count) =>
        Enumerable.Range(0, count).Select(i => new ShardRow(new ShardOwnership(i, null, 0, ShardOwnershipState.Unassigned, null), false)).ToArray();

    private static ShardRow[] Owned(params string[] owners) =>
        owners.Select((owner, i) => new ShardRow(new ShardOwnership(i, owner, 1, ShardOwnershipState.Assigned, null), false)).ToArray();

    private static ShardOwnership[] Apply(IReadOnlyList<ShardRow> shards, IReadOnlyList<ShardChange> changes) =>
        Apply(shards.Select(s => s.Ownership).ToArray(), changes);

    private static ShardOwnership[] Apply(ShardOwnership[] shards, IReadOnlyList<ShardChange> changes)
    {
        ShardOwnership[] after = (ShardOwnership[])shards.Clone();
        foreach (ShardChange change in changes)
        {
            Assert.Equal(shards[change.Before.Shard], change.Before);
            after[change.After.Shard] = change.After;
        }

        return after;
    }
}
