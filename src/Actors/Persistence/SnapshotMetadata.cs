namespace Actors.Persistence;

/// <summary>Identifies a snapshot: the entity, the sequence number it was taken at, and when.</summary>
/// <remarks>A snapshot store keeps at most one snapshot per (persistence id, sequence number).</remarks>
public sealed record SnapshotMetadata
{
    /// <param name="persistenceId">The entity's id; neither null nor empty.</param>
    /// <param name="sequenceNr">The sequence number of the last event the snapshot includes; 0 or more.</param>
    /// <param name="timestamp">When the snapshot was taken; stored to 100 ns precision, as UTC.</param>
    public SnapshotMetadata(string persistenceId, long sequenceNr, DateTimeOffset timestamp)
    {
        StoredText.ThrowIfInvalidPersistenceId(persistenceId);
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceNr);
        PersistenceId = persistenceId;
        SequenceNr = sequenceNr;
        Timestamp = timestamp;
    }

    public string PersistenceId { get; }

    public long SequenceNr { get; }

    public DateTimeOffset Timestamp { get; }
}
