namespace Actors.Persistence.Journal;

/// <summary>
/// An append-only store of events, keyed by persistence id and sequence number.
/// </summary>
/// <remarks>
/// <para>
/// A journal must be initialized (<see cref="InitializeAsync"/>) before use and disposed after.
/// All members are safe to call concurrently.
/// </para>
/// <para>
/// A (persistence id, sequence number) pair is stored at most once: of concurrent writers racing for
/// the same number exactly one succeeds, the others get a <see cref="SequenceNumberConflictException"/>.
/// </para>
/// </remarks>
public interface IJournal : IAsyncDisposable
{
    /// <summary>
    /// Creates the journal's schema if the database has none, or checks that the existing one is one this
    /// version understands. Idempotent; other members throw <see cref="InvalidOperationException"/> until it
    /// has completed.
    /// </summary>
    /// <exception cref="PersistenceSchemaException">The database is unusable; it was left untouched.</exception>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes each <see cref="AtomicWrite"/> all or nothing, independently of the others, in the given order.
    /// </summary>
    /// <returns>
    /// One outcome per write, at the same index. A successful outcome means the write is committed. A failed
    /// one carries the cause: <see cref="SequenceNumberConflictException"/> when another writer took the
    /// numbers, <see cref="PrecedingWriteFailedException"/> when an earlier write of the same persistence id
    /// in this call failed, or the database's exception for anything else (such as a lost connection), in
    /// which case the write may or may not have been committed.
    /// </returns>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> was canceled before the journal started on the writes; nothing
    /// was written. Once the journal has started on them they are completed and reported regardless.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The journal is disposed.</exception>
    Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the events of <paramref name="persistenceId"/> with sequence numbers from
    /// <paramref name="fromSequenceNr"/> to <paramref name="toSequenceNr"/> (both inclusive), in ascending
    /// order, at most <paramref name="max"/> of them.
    /// </summary>
    /// <remarks>
    /// Events are read from the database as they are consumed, so a long history is never held in memory at
    /// once. The stream holds a database connection until it is disposed.
    /// </remarks>
    IAsyncEnumerable<PersistentRepr> ReplayAsync(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        long max,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The highest sequence number ever written for <paramref name="persistenceId"/>, even if those events
    /// have since been deleted; 0 when nothing was ever written.
    /// </summary>
    /// <param name="persistenceId">The entity.</param>
    /// <param name="fromSequenceNr">
    /// The lowest number the caller expects (for example its latest snapshot's); a hint only, the answer
    /// never depends on it.
    /// </param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the events of <paramref name="persistenceId"/> up to and including
    /// <paramref name="toSequenceNr"/>. The highest sequence number stays readable through
    /// <see cref="ReadHighestSequenceNrAsync"/>, so the entity never reuses a number.
    /// </summary>
    Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);
}
