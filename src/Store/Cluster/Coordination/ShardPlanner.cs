namespace Actors.Store.Cluster;

/// <summary>
/// Decides the coordinator's changes to the shard map from the members and shards it read; pure, so that the rules can be
/// tested without a database. The rules, in order:
/// </summary>
/// <remarks>
/// <list type="number">
/// <item><b>Fail over.</b> A shard whose owner is down (or unknown) goes at once to its next owner if it was being handed
/// to a member that is up, else to the least loaded member that is up (or to nobody), under a new epoch: no hand-off is
/// possible, and the epoch fences off the old owner's writes. Unassigned shards go to the least loaded member the same way.</item>
/// <item><b>Repair hand-offs.</b> A rebalancing hand-off (owner up) whose next owner is no longer up, or that has not been
/// released within the hand-off timeout, is cancelled: the owner keeps the shard at the same epoch, so a stuck but live
/// owner is never overruled (it may still be serving; only a down owner's shards move without its release). A shard
/// whose hand-off timed out then rests for a hand-off timeout before balancing may pick it again. A leaving owner's
/// hand-off is re-aimed at a member that is up instead.</item>
/// <item><b>Drain leaving members.</b> Their shards are handed off to the least loaded members (to nobody when none is up).</item>
/// <item><b>Balance.</b> While the most and least loaded members that are up differ by more than one shard, a shard of
/// the most loaded (the one moved least often, by epoch, that is not resting) is handed to the least loaded.</item>
/// </list>
/// Hand-offs (3 and 4) start only while fewer than <c>maxHandOffs</c> are in flight. A member's load counts the shards it
/// owns and those being handed to it, not those it is handing away. Ties go to the member whose name sorts first.
/// </remarks>
internal static class ShardPlanner
{
    public static IReadOnlyList<ShardChange> Plan(IReadOnlyCollection<MemberRow> members, IReadOnlyList<ShardRow> shards, int maxHandOffs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHandOffs, 1);
        var planning = new Planning(members, shards);
        planning.FailOver();
        planning.RepairHandOffs(shards);
        planning.DrainLeaving(maxHandOffs);
        planning.Balance(maxHandOffs);
        return planning.Changes();
    }

    private sealed class Planning
    {
        private readonly Dictionary<string, MemberStatus> _status;
        private readonly List<string> _up;
        private readonly Dictionary<string, int> _load;
        private readonly ShardOwnership[] _before;
        private readonly ShardOwnership[] _shards;
        private readonly string?[] _reasons;
        private readonly bool[] _resting;
        private readonly bool[] _rest;

        public Planning(IReadOnlyCollection<MemberRow> members, IReadOnlyList<ShardRow> shards)
        {
            _status = members.ToDictionary(m => m.Name, m => m.Status, StringComparer.Ordinal);
            _up = members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Name).Order(StringComparer.Ordinal).ToList();
            _load = _up.ToDictionary(name => name, _ => 0, StringComparer.Ordinal);
            _before = shards.Select(s => s.Ownership).ToArray();
            _shards = (ShardOwnership[])_before.Clone();
            _reasons = new string?[_shards.Length];
            _resting = shards.Select(s => s.Resting).ToArray();
            _rest = new bool[_shards.Length];
            foreach (ShardOwnership shard in _shards)
            {
                if (TargetOf(shard) is { } target && _load.ContainsKey(target))
                {
                    _load[target]++;
                }
            }
        }

        private int HandOffsInFlight => _shards.Count(s => s.State == ShardOwnershipState.HandingOff);

        public void FailOver()
        {
            for (int i = 0; i < _shards.Length; i++)
            {
                ShardOwnership shard = _shards[i];
                if (shard.State == ShardOwnershipState.Unassigned)
                {
                    if (LeastLoaded() is { } target)
                    {
                        Set(i, Assign(shard, target), "it was unassigned");
                    }
                }
                else if (!IsAlive(shard.Owner))
                {
                    string? target = shard.State == ShardOwnershipState.HandingOff && IsUp(shard.NextOwner) ? shard.NextOwner : LeastLoaded();
                    Set(i, target is null ? Unassign(shard) : Assign(shard, target), $"its owner {shard.Owner} is down");
                }
            }
        }

        public void RepairHandOffs(IReadOnlyList<ShardRow> rows)
        {
            for (int i = 0; i < _shards.Length; i++)
            {
                ShardOwnership shard = _shards[i];
                if (shard.State != ShardOwnershipState.HandingOff)
                {
                    continue;
                }

                if (_status[shard.Owner!] == MemberStatus.Up)
                {
                    if (!IsUp(shard.NextOwner))
                    {
                        Set(i, Keep(shard), $"its next owner {shard.NextOwner ?? "(none)"} is no longer up; the hand-off is cancelled");
                    }
                    else if (rows[i].HandOffExpired)
                    {
                        Set(i, Keep(shard), $"{shard.Owner} did not release it within the hand-off timeout; the hand-off is cancelled");
                        _rest[i] = _resting[i] = true;
                    }
                }
                else if (!IsUp(shard.NextOwner) && LeastLoaded() is { } target)
                {
                    Set(i, shard with { NextOwner = target }, $"its leaving owner now hands it to {target}");
                }
            }
        }

        public void DrainLeaving(int maxHandOffs)
        {
            int inFlight = HandOffsInFlight;
            for (int i = 0; i < _shards.Length && inFlight < maxHandOffs; i++)
            {
                ShardOwnership shard = _shards[i];
                if (shard.State == ShardOwnershipState.Assigned && _status[shard.Owner!] == MemberStatus.Leaving)
                {
                    Set(i, shard with { State = ShardOwnershipState.HandingOff, NextOwner = LeastLoaded() }, $"its owner {shard.Owner} is leaving");
                    inFlight++;
                }
            }
        }

        public void Balance(int maxHandOffs)
        {
            int inFlight = HandOffsInFlight;
            while (inFlight < maxHandOffs && _up.Count > 1)
            {
                string most = _up.MaxBy(name => _load[name])!;
                string least = LeastLoaded()!;
                if (_load[most] - _load[least] <= 1)
                {
                    return;
                }

                int index = DonatableShardOf(most);
                if (index < 0)
                {
                    return; // its load is shards on their way to it, or resting ones; balance again later
                }

                Set(index, _shards[index] with { State = ShardOwnershipState.HandingOff, NextOwner = least }, $"rebalancing: {most} has {_load[most]} shards, {least} has {_load[least]}");
                inFlight++;
            }
        }

        public IReadOnlyList<ShardChange> Changes()
        {
            var changes = new List<ShardChange>();
            for (int i = 0; i < _shards.Length; i++)
            {
                if (_shards[i] != _before[i])
                {
                    changes.Add(new ShardChange(_before[i], _shards[i], _reasons[i]!, _rest[i]));
                }
            }

            return changes;
        }

        // Of the shards the member owns outright (not moving, not resting), the one moved least often so far (the lowest
        // epoch; then the lowest id), so that a join storm does not pass one shard from node to node; -1 if none.
        private int DonatableShardOf(string member)
        {
            int best = -1;
            for (int i = 0; i < _shards.Length; i++)
            {
                if (_shards[i].State == ShardOwnershipState.Assigned && _shards[i].Owner == member && !_resting[i]
                    && (best < 0 || _shards[i].Epoch < _shards[best].Epoch))
                {
                    best = i;
                }
            }

            return best;
        }

        // Who the shard is, or will be, with: the owner of an assigned shard, the next owner of one being handed off.
        private static string? TargetOf(ShardOwnership shard) => shard.State switch
        {
            ShardOwnershipState.Assigned => shard.Owner,
            ShardOwnershipState.HandingOff => shard.NextOwner,
            _ => null,
        };

        private static ShardOwnership Assign(ShardOwnership shard, string owner) =>
            new(shard.Shard, owner, shard.Epoch + 1, ShardOwnershipState.Assigned, null);

        private static ShardOwnership Unassign(ShardOwnership shard) =>
            new(shard.Shard, null, shard.Epoch + 1, ShardOwnershipState.Unassigned, null);

        // The owner keeps the shard: same owner, same epoch.
        private static ShardOwnership Keep(ShardOwnership shard) => shard with { State = ShardOwnershipState.Assigned, NextOwner = null };

        private bool IsAlive(string? name) => name is not null && _status.TryGetValue(name, out MemberStatus status) && status != MemberStatus.Down;

        private bool IsUp(string? name) => name is not null && _status.TryGetValue(name, out MemberStatus status) && status == MemberStatus.Up;

        // The first in name order among the least loaded; null when no member is up.
        private string? LeastLoaded() => _up.MinBy(name => _load[name]);

        private void Set(int index, ShardOwnership after, string reason)
        {
            if (TargetOf(_shards[index]) is { } before && _load.ContainsKey(before))
            {
                _load[before]--;
            }

            if (TargetOf(after) is { } target && _load.ContainsKey(target))
            {
                _load[target]++;
            }

            _shards[index] = after;
            _reasons[index] = _reasons[index] is { } earlier ? $"{earlier}; then {reason}" : reason;
        }
    }
}
