using System.Data;
using Actors.Persistence.Snapshots;
using Npgsql;
using NpgsqlTypes;

namespace Actors.Persistence.PostgreSql;

/// <summary>A snapshot store in a PostgreSQL schema; every operation uses a pooled connection.</summary>
/// <example>
/// <code>
/// await using var store = new PostgreSqlSnapshotStore(new PostgreSqlSnapshotStoreSettings { ConnectionString = "Host=...;Username=..." });
/// await store.InitializeAsync();
/// </code>
/// </example>
public sealed class PostgreSqlSnapshotStore : ISnapshotStore
{
    private readonly PostgreSqlSnapshotStoreSettings _settings;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlSnapshotSql _sql;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _disposed;

    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public PostgreSqlSnapshotStore(PostgreSqlSnapshotStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _dataSource = PostgreSqlDataSources.Create(settings.ConnectionString);
        _sql = new PostgreSqlSnapshotSql(PostgreSqlSettingsValidation.Quote(settings.Schema));
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_initialized)
            {
                await PostgreSqlSchema.EnsureCreatedAsync(_dataSource, _settings.Schema, PostgreSqlSnapshotSql.Schema, cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        StoredText.ThrowIfInvalidPersistenceId(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        ThrowIfNotUsable();
        if (criteria.SelectsNothing)
        {
            return null;
        }

        await using NpgsqlCommand command = _dataSource.CreateCommand(_sql.Load);
        AddSelection(command.Parameters, persistenceId, criteria);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        long sequenceNr = reader.GetInt64(0);
        long ticks = reader.GetInt64(1);
        byte[] snapshot = await reader.GetFieldValueAsync<byte[]>(2, cancellationToken).ConfigureAwait(false);
        return new SelectedSnapshot(new SnapshotMetadata(persistenceId, sequenceNr, new DateTimeOffset(ticks, TimeSpan.Zero)), snapshot);
    }

    public async Task SaveAsync(SnapshotMetadata metadata, ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ThrowIfNotUsable();
        await using NpgsqlCommand command = _dataSource.CreateCommand(_sql.Save);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = metadata.PersistenceId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = metadata.SequenceNr });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = metadata.Timestamp.UtcTicks });
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = snapshot, NpgsqlDbType = NpgsqlDbType.Bytea });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ThrowIfNotUsable();
        await using NpgsqlCommand command = _dataSource.CreateCommand(_sql.DeleteOne);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = metadata.PersistenceId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = metadata.SequenceNr });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        StoredText.ThrowIfInvalidPersistenceId(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        ThrowIfNotUsable();
        if (criteria.SelectsNothing)
        {
            return;
        }

        await using NpgsqlCommand command = _dataSource.CreateCommand(_sql.DeleteSelected);
        AddSelection(command.Parameters, persistenceId, criteria);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                await _dataSource.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private static void AddSelection(NpgsqlParameterCollection parameters, string persistenceId, SnapshotSelectionCriteria criteria)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = criteria.MaxSequenceNr });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = criteria.MinSequenceNr });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = criteria.MaxTimestamp.UtcTicks });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = criteria.MinTimestamp.UtcTicks });
    }

    private void ThrowIfNotUsable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            throw SnapshotArguments.NotInitialized(nameof(PostgreSqlSnapshotStore));
        }
    }
}
