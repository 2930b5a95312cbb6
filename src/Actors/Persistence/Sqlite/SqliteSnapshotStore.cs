using Actors.Persistence.Snapshots;
using Microsoft.Data.Sqlite;

namespace Actors.Persistence.Sqlite;

/// <summary>A snapshot store in a SQLite file; every operation uses a pooled connection of its own.</summary>
/// <example>
/// <code>
/// await using var store = new SqliteSnapshotStore(new SqliteSnapshotStoreSettings { DataDirectory = "data" });
/// await store.InitializeAsync();
/// </code>
/// </example>
public sealed class SqliteSnapshotStore : ISnapshotStore
{
    private readonly SqliteDatabase _database;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _disposed;

    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public SqliteSnapshotStore(SqliteSnapshotStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _database = new SqliteDatabase(settings.DatabasePath, settings.Durability, settings.BusyTimeout);
    }

    /// <summary>The database file.</summary>
    public string DatabasePath => _database.Path;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_initialized)
            {
                SqliteSchema.EnsureCreated(_database, SqliteSnapshotSql.Schema);
                _initialized = true;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        StoredText.ThrowIfInvalidPersistenceId(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        ThrowIfNotUsable();
        cancellationToken.ThrowIfCancellationRequested();
        if (criteria.SelectsNothing)
        {
            return Task.FromResult<SelectedSnapshot?>(null);
        }

        using SqliteConnection connection = _database.OpenPooled();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = SqliteSnapshotSql.Load;
        AddSelection(command, persistenceId, criteria);
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return Task.FromResult<SelectedSnapshot?>(null);
        }

        var metadata = new SnapshotMetadata(persistenceId, reader.GetInt64(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero));
        return Task.FromResult<SelectedSnapshot?>(new SelectedSnapshot(metadata, reader.GetFieldValue<byte[]>(2)));
    }

    public Task SaveAsync(SnapshotMetadata metadata, ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ThrowIfNotUsable();
        cancellationToken.ThrowIfCancellationRequested();
        using SqliteConnection connection = _database.OpenPooled();

        // Bound from the caller's memory, without the copy ADO.NET's byte[] parameters would need.
        using var save = new SqliteStatement(connection, SqliteSnapshotSql.Save);
        save.Bind(1, metadata.PersistenceId);
        save.Bind(2, metadata.SequenceNr);
        save.Bind(3, metadata.Timestamp.UtcTicks);
        save.Bind(4, snapshot.Span);
        save.Execute();
        return Task.CompletedTask;
    }

    public Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ThrowIfNotUsable();
        cancellationToken.ThrowIfCancellationRequested();
        using SqliteConnection connection = _database.OpenPooled();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = SqliteSnapshotSql.DeleteOne;
        command.Parameters.AddWithValue("$pid", metadata.PersistenceId);
        command.Parameters.AddWithValue("$seq", metadata.SequenceNr);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        StoredText.ThrowIfInvalidPersistenceId(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        ThrowIfNotUsable();
        cancellationToken.ThrowIfCancellationRequested();
        if (criteria.SelectsNothing)
        {
            return Task.CompletedTask;
        }

        using SqliteConnection connection = _database.OpenPooled();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = SqliteSnapshotSql.DeleteSelected;
        AddSelection(command, persistenceId, criteria);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                _database.ClearPool();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private static void AddSelection(SqliteCommand command, string persistenceId, SnapshotSelectionCriteria criteria)
    {
        command.Parameters.AddWithValue("$pid", persistenceId);
        command.Parameters.AddWithValue("$maxSeq", criteria.MaxSequenceNr);
        command.Parameters.AddWithValue("$minSeq", criteria.MinSequenceNr);
        command.Parameters.AddWithValue("$maxTs", criteria.MaxTimestamp.UtcTicks);
        command.Parameters.AddWithValue("$minTs", criteria.MinTimestamp.UtcTicks);
    }

    private void ThrowIfNotUsable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            throw SnapshotArguments.NotInitialized(nameof(SqliteSnapshotStore));
        }
    }
}
