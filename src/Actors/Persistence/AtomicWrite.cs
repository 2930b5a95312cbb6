using System.Collections.Immutable;

namespace Actors.Persistence;

/// <summary>
/// A contiguous run of events of one persistence id that a journal writes all or nothing.
/// </summary>
/// <remarks>
/// The events must share one persistence id and have consecutive sequence numbers in ascending order:
/// a journal stores them in one transaction, so after a crash either all of them are in the journal
/// or none is.
/// </remarks>
/// <example>
/// A write that must fail once its writer no longer owns shard 3 at epoch 7:
/// <code>new AtomicWrite(events) { Fence = new WriteFence("3", 7) }</code>
/// </example>
public sealed class AtomicWrite
{
    /// <summary>Creates a write of one event.</summary>
    public AtomicWrite(PersistentRepr @event)
        : this(ImmutableArray.Create(@event ?? throw new ArgumentNullException(nameof(@event))))
    {
    }

    /// <summary>Creates a write of the given events, which are copied.</summary>
    /// <exception cref="ArgumentException">
    /// The list is empty, contains null, mixes persistence ids, or its sequence numbers do not go up by one.
    /// </exception>
    public AtomicWrite(IEnumerable<PersistentRepr> events)
        : this(ImmutableArray.CreateRange(events ?? throw new ArgumentNullException(nameof(events))))
    {
    }

    private AtomicWrite(ImmutableArray<PersistentRepr> events)
    {
        if (events.IsEmpty)
        {
            throw new ArgumentException("An atomic write needs at least one event.", nameof(events));
        }

        PersistentRepr first = events[0] ?? throw new ArgumentException("Events must not be null.", nameof(events));
        for (int i = 1; i < events.Length; i++)
        {
            PersistentRepr e = events[i] ?? throw new ArgumentException("Events must not be null.", nameof(events));
            if (!string.Equals(e.PersistenceId, first.PersistenceId, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"All events of an atomic write must have one persistence id: event {i} has '{e.PersistenceId}', the first has '{first.PersistenceId}'.",
                    nameof(events));
            }

            if (e.SequenceNr != first.SequenceNr + i)
            {
                throw new ArgumentException(
                    $"The sequence numbers of an atomic write must go up by one: event {i} of '{first.PersistenceId}' has {e.SequenceNr}, expected {first.SequenceNr + i}.",
                    nameof(events));
            }
        }

        Events = events;
    }

    public string PersistenceId => Events[0].PersistenceId;

    public long LowestSequenceNr => Events[0].SequenceNr;

    public long HighestSequenceNr => Events[^1].SequenceNr;

    /// <summary>The events, in ascending sequence number order; never empty.</summary>
    public ImmutableArray<PersistentRepr> Events { get; }

    /// <summary>
    /// When set, the journal stores the write only if the fence's epoch is still current when it commits, and fails it
    /// with <see cref="FencedWriteException"/> otherwise. Only the PostgreSQL journal supports fences; the SQLite
    /// journal refuses fenced writes.
    /// </summary>
    public WriteFence? Fence { get; init; }

    public override string ToString() => Fence is null
        ? $"AtomicWrite({PersistenceId}#{LowestSequenceNr}..{HighestSequenceNr})"
        : $"AtomicWrite({PersistenceId}#{LowestSequenceNr}..{HighestSequenceNr} fenced {Fence})";
}
