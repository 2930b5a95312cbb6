namespace Actors.Store.Cluster;

/// <summary>
/// The cluster as one consistent reading of its tables: members, the coordinator and the shard map. Views only move
/// forward: a node publishes a view only if its <see cref="Version"/> is higher than the one it has.
/// </summary>
/// <param name="Version">Rises with every change of membership status, coordinator or shard map (not with heartbeats).</param>
/// <param name="Members">Every member the table lists, down ones included until they are forgotten; by name.</param>
/// <param name="Coordinator">The node last elected coordinator; null before the first election or after it left.</param>
/// <param name="CoordinatorTerm">Rises with every election: one term, one coordinator.</param>
/// <param name="Shards">Every shard, indexed by shard id.</param>
public sealed record ClusterView(
    long Version,
    IReadOnlyList<ClusterMember> Members,
    string? Coordinator,
    long CoordinatorTerm,
    IReadOnlyList<ShardOwnership> Shards)
{
    /// <summary>The shard's ownership.</summary>
    /// <exception cref="ArgumentOutOfRangeException">There is no such shard.</exception>
    public ShardOwnership Shard(int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, Shards.Count);
        return Shards[shard];
    }

    /// <summary>The node that owns <paramref name="shard"/> (also while handing it off); null when unassigned.</summary>
    public string? OwnerOf(int shard) => Shard(shard).Owner;

    /// <summary>The shards <paramref name="node"/> owns, handing-off ones included.</summary>
    public IEnumerable<ShardOwnership> ShardsOwnedBy(string node) =>
        Shards.Where(s => string.Equals(s.Owner, node, StringComparison.Ordinal));

    /// <summary>The member named <paramref name="name"/>, or null.</summary>
    public ClusterMember? Member(string name) =>
        Members.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    /// <summary>The advertised URL of the node that owns <paramref name="shard"/>; null when unassigned or the owner is unknown.</summary>
    public string? UrlOf(int shard) => OwnerOf(shard) is { } owner ? Member(owner)?.Url : null;

    public override string ToString() =>
        $"view {Version}: coordinator {Coordinator ?? "none"} (term {CoordinatorTerm}), members " +
        string.Join(", ", Members.Select(m => $"{m.Name} {m.Status.ToString().ToLowerInvariant()} ({ShardsOwnedBy(m.Name).Count()})")) +
        $", unassigned {Shards.Count(s => s.State == ShardOwnershipState.Unassigned)}, handing off {Shards.Count(s => s.State == ShardOwnershipState.HandingOff)}";
}
