using System.Collections.Concurrent;
using Actors.Store.Cluster;

namespace Actors.Store.Tests.Cluster;

/// <summary>
/// Every view every node of a test published, checked as it arrives: each node's views only move forward (versions
/// rise, epochs never fall); one epoch of a shard never has two owners, whoever observed it; a term has one
/// coordinator; and two nodes that read the same version read the same shard map.
/// </summary>
internal sealed class ViewHistory
{
    private readonly object _lock = new();
    private readonly Dictionary<string, ClusterView> _lastByObserver = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Shard, long Epoch), string?> _ownerOfEpoch = [];
    private readonly Dictionary<long, string?> _coordinatorOfTerm = [];
    private readonly Dictionary<long, string> _mapOfVersion = [];
    private readonly ConcurrentQueue<string> _violations = new();

    public int MaxHandOffsInFlight { get; private set; }

    public void Record(string observer, ClusterView view)
    {
        lock (_lock)
        {
            if (_lastByObserver.TryGetValue(observer, out ClusterView? last))
            {
                if (view.Version <= last.Version)
                {
                    Violation($"{observer} published version {view.Version} after {last.Version}");
                }

                foreach (ShardOwnership shard in view.Shards)
                {
                    if (shard.Epoch < last.Shards[shard.Shard].Epoch)
                    {
                        Violation($"{observer}: the epoch of shard {shard.Shard} went down from {last.Shards[shard.Shard].Epoch} to {shard.Epoch}");
                    }
                }
            }

            _lastByObserver[observer] = view;
            foreach (ShardOwnership shard in view.Shards)
            {
                if (_ownerOfEpoch.TryGetValue((shard.Shard, shard.Epoch), out string? owner))
                {
                    if (owner != shard.Owner)
                    {
                        Violation($"shard {shard.Shard} has two owners at epoch {shard.Epoch}: {owner ?? "nobody"} and {shard.Owner ?? "nobody"} (seen by {observer})");
                    }
                }
                else
                {
                    _ownerOfEpoch[(shard.Shard, shard.Epoch)] = shard.Owner;
                }
            }

            if (_coordinatorOfTerm.TryGetValue(view.CoordinatorTerm, out string? coordinator))
            {
                // A coordinator that leaves clears its name but keeps its term.
                if (coordinator != view.Coordinator && view.Coordinator is not null && coordinator is not null)
                {
                    Violation($"term {view.CoordinatorTerm} has two coordinators: {coordinator} and {view.Coordinator}");
                }
            }
            else
            {
                _coordinatorOfTerm[view.CoordinatorTerm] = view.Coordinator;
            }

            string map = string.Join(";", view.Shards);
            if (_mapOfVersion.TryGetValue(view.Version, out string? seen) && seen != map)
            {
                Violation($"version {view.Version} was read with two different shard maps");
            }

            _mapOfVersion[view.Version] = map;
            MaxHandOffsInFlight = Math.Max(MaxHandOffsInFlight, view.Shards.Count(s => s.State == ShardOwnershipState.HandingOff));
        }
    }

    public void Violation(string violation) => _violations.Enqueue(violation);

    public void AssertClean() => Assert.True(_violations.IsEmpty, "Cluster invariants were violated:\n" + string.Join("\n", _violations));
}
