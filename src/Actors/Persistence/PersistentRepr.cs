namespace Actors.Persistence;

/// <summary>
/// One journaled event as the journal stores it: already serialized, identified by its persistence id
/// and its sequence number within that id.
/// </summary>
/// <remarks>
/// The journal never interprets <see cref="Manifest"/> or <see cref="Payload"/>; the serializer that
/// produced them reads them back. <see cref="Payload"/> is not copied: the caller must not change the
/// bytes behind it after handing the event to a journal.
/// </remarks>
public sealed class PersistentRepr
{
    /// <summary>Creates an event.</summary>
    /// <param name="persistenceId">The id of the entity the event belongs to; neither null nor empty.</param>
    /// <param name="sequenceNr">The event's position in its entity's history: 1 for the first event.</param>
    /// <param name="manifest">What the payload is (a type hint for the serializer); may be empty.</param>
    /// <remarks>Text must not contain NUL or unpaired surrogates: both backends must store it unchanged.</remarks>
    /// <param name="payload">The serialized event.</param>
    /// <param name="timestamp">When the event was created; stored to 100 ns precision, as UTC.</param>
    /// <param name="writerId">Identifies the incarnation of the writer that wrote the event; may be empty.</param>
    public PersistentRepr(
        string persistenceId,
        long sequenceNr,
        string manifest,
        ReadOnlyMemory<byte> payload,
        DateTimeOffset timestamp,
        string writerId)
    {
        StoredText.ThrowIfInvalidPersistenceId(persistenceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceNr, 1L);
        StoredText.ThrowIfNotStorable(manifest);
        StoredText.ThrowIfNotStorable(writerId);

        PersistenceId = persistenceId;
        SequenceNr = sequenceNr;
        Manifest = manifest;
        Payload = payload;
        Timestamp = timestamp;
        WriterId = writerId;
    }

    public string PersistenceId { get; }

    /// <summary>The event's position in its entity's history, counted from 1.</summary>
    public long SequenceNr { get; }

    public string Manifest { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    public DateTimeOffset Timestamp { get; }

    public string WriterId { get; }

    public override string ToString() =>
        $"PersistentRepr({PersistenceId}#{SequenceNr}, manifest '{Manifest}', {Payload.Length} bytes)";
}
