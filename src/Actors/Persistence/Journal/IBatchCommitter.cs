namespace Actors.Persistence.Journal;

/// <summary>
/// The database side of group commit: stores a batch of atomic writes in one transaction.
/// </summary>
/// <remarks>
/// <see cref="GroupCommitWriter"/> calls <see cref="CommitAsync"/> from one loop, never concurrently, so an
/// implementation may keep one connection and reuse prepared commands without locking.
/// </remarks>
internal interface IBatchCommitter : IAsyncDisposable
{
    /// <summary>
    /// Inserts every event of <paramref name="batch"/>, in order, in one transaction, and commits it.
    /// </summary>
    /// <exception cref="BatchWriteRejectedException">
    /// One write of the batch cannot be stored (its sequence numbers are taken, or its data is refused).
    /// The transaction was rolled back: nothing of the batch is stored, and the other writes may be retried.
    /// </exception>
    /// <exception cref="Exception">
    /// Anything else means the batch as a whole failed: rolled back, or, when the connection broke during the
    /// commit, of unknown outcome. Implementations must leave themselves ready for the next batch.
    /// </exception>
    ValueTask CommitAsync(IReadOnlyList<AtomicWrite> batch, CancellationToken cancellationToken);
}
