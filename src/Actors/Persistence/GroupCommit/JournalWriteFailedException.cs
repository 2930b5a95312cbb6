namespace Actors.Persistence.GroupCommit;

/// <summary>
/// The journal did not store a group of events (the write failed or was rejected), so nothing that waited for it
/// becomes durable: every reply that waited gets this instead, never a success. The changes may or may not be in
/// the journal (a failed write can still have committed); the actor stops and recovers from what is there.
/// </summary>
public sealed class JournalWriteFailedException(string persistenceId, long sequenceNr, Exception cause)
    : Exception($"The journal did not confirm write {sequenceNr} of '{persistenceId}' ({cause.GetBaseException().Message}); it may or may not have been stored.", cause)
{
    public string PersistenceId { get; } = persistenceId;

    public long SequenceNr { get; } = sequenceNr;
}
