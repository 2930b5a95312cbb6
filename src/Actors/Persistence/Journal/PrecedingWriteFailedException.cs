namespace Actors.Persistence.Journal;

/// <summary>
/// A write was not attempted because an earlier write of the same persistence id failed — in the same
/// <see cref="IJournal.WriteAsync"/> call, or the write it was chained to (see <see cref="IChainedWriteJournal"/>):
/// writing it anyway would leave a gap in the id's history.
/// </summary>
public sealed class PrecedingWriteFailedException : Exception
{
    public PrecedingWriteFailedException(string persistenceId, long lowestSequenceNr, Exception precedingFailure)
        : base(
            $"Not written: an earlier write of persistence id '{persistenceId}' failed, and writing sequence number {lowestSequenceNr} " +
            "after it would leave a gap. See the inner exception for that failure.",
            precedingFailure)
    {
        PersistenceId = persistenceId;
        LowestSequenceNr = lowestSequenceNr;
    }

    public string PersistenceId { get; }

    public long LowestSequenceNr { get; }
}
