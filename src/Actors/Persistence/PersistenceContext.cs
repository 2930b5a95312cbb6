using Actors.Persistence.Journal;
using Actors.Persistence.Snapshots;

namespace Actors.Persistence;

/// <summary>
/// Where a <see cref="PersistentActor"/> keeps its history: a journal (null for durability <c>none</c>: events are
/// numbered but not stored, and replies go out at once), an optional snapshot store, and how often to snapshot.
/// One context is shared by many actors; the journal's group commit batches their writes together.
/// </summary>
public sealed class PersistenceContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="journal">The journal, or null to keep nothing (durability none).</param>
    /// <param name="snapshotStore">The snapshot store, or null for no snapshots.</param>
    /// <param name="snapshotEvery">Take a snapshot after this many events since the last one; 0 never.</param>
    /// <param name="writerId">Identifies this process's incarnation in the journal rows it writes.</param>
    /// <param name="maxPendingEvents">
    /// How many events an actor may hold waiting for the journal before it stops taking messages until the journal
    /// catches up: the bound on memory when intake outruns the disk.
    /// </param>
    /// <param name="maxEventsPerWrite">
    /// The most events of one actor in one journal write; 0 for no limit. 1 gives one commit per event — the baseline that
    /// group commit is measured against.
    /// </param>
    public PersistenceContext(IJournal? journal, ISnapshotStore? snapshotStore = null, int snapshotEvery = 0, string? writerId = null, int maxPendingEvents = 10_000, int maxEventsPerWrite = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxEventsPerWrite);
        MaxEventsPerWrite = maxEventsPerWrite;
        ArgumentOutOfRangeException.ThrowIfNegative(snapshotEvery);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingEvents, 1);
        MaxPendingEvents = maxPendingEvents;
        Journal = journal;
        SnapshotStore = snapshotStore;
        SnapshotEvery = snapshotStore is null ? 0 : snapshotEvery;
        WriterId = writerId ?? Guid.NewGuid().ToString("N");
    }

    /// <summary>A context that stores nothing.</summary>
    public static PersistenceContext InMemory { get; } = new(null);

    /// <summary>The journal; null when nothing is stored.</summary>
    public IJournal? Journal { get; }

    /// <summary>The snapshot store, if any.</summary>
    public ISnapshotStore? SnapshotStore { get; }

    /// <summary>Events between snapshots; 0 for never.</summary>
    public int SnapshotEvery { get; }

    /// <summary>Events an actor may buffer for the journal before it pauses its mailbox.</summary>
    public int MaxPendingEvents { get; }

    /// <summary>The most events of one actor in one journal write; 0 for no limit.</summary>
    public int MaxEventsPerWrite { get; }

    /// <summary>This process's writer id.</summary>
    public string WriterId { get; }
}
