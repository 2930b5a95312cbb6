namespace Actors.Persistence;

/// <summary>
/// A write was refused because some of its sequence numbers were already taken for its persistence id:
/// another writer for the same id got there first (or the same events were written twice).
/// </summary>
/// <remarks>
/// The write stored nothing. A persistent entity that sees this has lost the race against another
/// incarnation of itself and must stop rather than retry with the same numbers.
/// </remarks>
public sealed class SequenceNumberConflictException : Exception
{
    public SequenceNumberConflictException(string persistenceId, long lowestSequenceNr, long highestSequenceNr, Exception? innerException)
        : base(
            $"Sequence numbers {lowestSequenceNr}..{highestSequenceNr} of persistence id '{persistenceId}' are already in the journal: " +
            "another writer for the same persistence id wrote them first (only one writer per persistence id is allowed). Nothing of this write was stored.",
            innerException)
    {
        PersistenceId = persistenceId;
        LowestSequenceNr = lowestSequenceNr;
        HighestSequenceNr = highestSequenceNr;
    }

    public string PersistenceId { get; }

    public long LowestSequenceNr { get; }

    public long HighestSequenceNr { get; }
}
