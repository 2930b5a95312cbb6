namespace Actors.Persistence;

/// <summary>
/// An event could not be made durable, so the reply that waited for it is this failure instead. The actor stops: its
/// in-memory state ran ahead of the journal and is discarded; it recovers from the journal when it next starts. The
/// write may or may not have been committed (e.g. a lost connection) — like any unacknowledged request.
/// </summary>
public sealed class PersistFailedException(string persistenceId, long sequenceNr, Exception cause)
    : Exception($"Persisting event {sequenceNr} of '{persistenceId}' failed: {cause.Message}", cause)
{
    /// <summary>The entity.</summary>
    public string PersistenceId { get; } = persistenceId;

    /// <summary>The first event that could not be written.</summary>
    public long SequenceNr { get; } = sequenceNr;
}
