using System.Globalization;
using Actors.Persistence;

namespace Actors.Store.Cluster;

/// <summary>Who owns a shard, under which epoch, and whether it is moving.</summary>
/// <param name="Shard">The shard id, 0 to the shard count - 1.</param>
/// <param name="Owner">The only node that may host the shard; null when unassigned.</param>
/// <param name="Epoch">
/// Rises by one whenever the owner changes (including to and from nobody), never otherwise: an owner's journal writes
/// carry it (<see cref="Fence"/>), and fail once it is no longer current.
/// </param>
/// <param name="State">Unassigned, assigned, or being handed off.</param>
/// <param name="NextOwner">While handing off, the node that receives the shard (null: nobody, as when the last member leaves).</param>
public sealed record ShardOwnership(int Shard, string? Owner, long Epoch, ShardOwnershipState State, string? NextOwner)
{
    /// <summary>The fence for the owner's journal writes: scope = shard id, at this epoch.</summary>
    public WriteFence Fence => new(Shard.ToString(CultureInfo.InvariantCulture), Epoch);

    public override string ToString() => State switch
    {
        ShardOwnershipState.Unassigned => $"shard {Shard}: unassigned (epoch {Epoch})",
        ShardOwnershipState.HandingOff => $"shard {Shard}: {Owner} -> {NextOwner ?? "nobody"} (epoch {Epoch})",
        _ => $"shard {Shard}: {Owner} (epoch {Epoch})",
    };
}
