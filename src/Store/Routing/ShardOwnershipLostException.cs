using Actors.Persistence;

namespace Actors.Store.Routing;

/// <summary>
/// This node's copy of a shard found, on writing, that the shard has moved to another owner: the journal's fence (or
/// the new owner's sequence numbers) refused the write, so nothing of it was stored and it may safely be resent to the
/// current owner. The store does that itself once its shard map catches up; this surfaces only when it cannot.
/// </summary>
public sealed class ShardOwnershipLostException(int shard, Exception cause)
    : StoreException($"Shard {shard} has moved to another node while this one still served it; the write was refused by the journal and not applied. Retry shortly — the shard map is being refreshed.", cause)
{
    /// <summary>The shard.</summary>
    public int Shard { get; } = shard;

    /// <summary>
    /// True when <paramref name="error"/> (or one it wraps) says that a write was refused because someone else now
    /// owns the journal: a stale fence epoch, or sequence numbers already taken by the new owner.
    /// </summary>
    internal static bool IsOwnershipLoss(Exception? error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is FencedWriteException or SequenceNumberConflictException)
            {
                return true;
            }
        }

        return false;
    }
}
