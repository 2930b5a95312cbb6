namespace Actors.Persistence.Snapshots;

/// <summary>
/// Keeps serialized snapshots of entities' state, at most one per (persistence id, sequence number).
/// </summary>
/// <remarks>
/// A snapshot store must be initialized (<see cref="InitializeAsync"/>) before use and disposed after.
/// All members are safe to call concurrently.
/// </remarks>
public interface ISnapshotStore : IAsyncDisposable
{
    /// <summary>
    /// Creates the store's schema if the database has none, or checks that the existing one is one this
    /// version understands. Idempotent; other members throw <see cref="InvalidOperationException"/> until it
    /// has completed.
    /// </summary>
    /// <exception cref="PersistenceSchemaException">The database is unusable; it was left untouched.</exception>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The snapshot of <paramref name="persistenceId"/> with the highest sequence number among those
    /// <paramref name="criteria"/> selects, or null when it selects none.
    /// </summary>
    Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="snapshot"/>, replacing any snapshot with the same persistence id and sequence number.
    /// </summary>
    Task SaveAsync(SnapshotMetadata metadata, ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the snapshot with the persistence id and sequence number of <paramref name="metadata"/>
    /// (its timestamp is not compared); nothing happens when there is none.
    /// </summary>
    Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken = default);

    /// <summary>Deletes every snapshot of <paramref name="persistenceId"/> that <paramref name="criteria"/> selects.</summary>
    Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default);
}
