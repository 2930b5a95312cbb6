namespace Actors.Persistence;

/// <summary>
/// A fenced write was refused because its epoch is no longer the current one of its scope: the scope has moved to
/// another owner. Nothing of the write was stored.
/// </summary>
/// <remarks>
/// The writer has lost ownership and must stop writing (and serving) the scope rather than retry: retrying with the
/// same epoch fails the same way, and the new owner continues from the journal.
/// </remarks>
public sealed class FencedWriteException : Exception
{
    public FencedWriteException(string persistenceId, long lowestSequenceNr, long highestSequenceNr, WriteFence fence, long? currentEpoch)
        : base(
            $"The write of events {lowestSequenceNr}..{highestSequenceNr} of '{persistenceId}' was fenced off: it was made under epoch {fence.Epoch} of scope " +
            $"'{fence.Scope}', but {(currentEpoch is { } current ? $"the current epoch is {current}" : "the scope has no fence row (it is not owned by anyone)")}: " +
            "another owner has taken over. Nothing of this write was stored; stop using the scope and let the current owner serve it.")
    {
        ArgumentNullException.ThrowIfNull(fence);
        PersistenceId = persistenceId;
        LowestSequenceNr = lowestSequenceNr;
        HighestSequenceNr = highestSequenceNr;
        Fence = fence;
        CurrentEpoch = currentEpoch;
    }

    public string PersistenceId { get; }

    public long LowestSequenceNr { get; }

    public long HighestSequenceNr { get; }

    /// <summary>The scope and the (stale) epoch the write carried.</summary>
    public WriteFence Fence { get; }

    /// <summary>The scope's epoch when the write was refused; null when the fence table has no row for it.</summary>
    public long? CurrentEpoch { get; }
}
