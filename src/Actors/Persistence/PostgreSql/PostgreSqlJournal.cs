using System.Data;
using System.Runtime.CompilerServices;
using Actors.Persistence.Journal;
using Npgsql;

namespace Actors.Persistence.PostgreSql;

/// <summary>
/// A journal in a PostgreSQL schema: writes go through group commit on one writer connection, reads use
/// pooled connections.
/// </summary>
/// <remarks>
/// Fenced writes (<see cref="AtomicWrite.Fence"/>) are checked against <see cref="PostgreSqlJournalSettings.FenceTable"/>
/// in the transaction that stores them; see <see cref="PostgreSqlFence"/>.
/// </remarks>
/// <example>
/// <code>
/// await using var journal = new PostgreSqlJournal(new PostgreSqlJournalSettings { ConnectionString = "Host=...;Username=..." });
/// await journal.InitializeAsync();
/// </code>
/// </example>
public sealed class PostgreSqlJournal : IJournal, IChainedWriteJournal
{
    private readonly PostgreSqlJournalSettings _settings;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlJournalSql _sql;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private PostgreSqlBatchCommitter? _committer;
    private volatile GroupCommitWriter? _writer;
    private volatile bool _disposed;

    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public PostgreSqlJournal(PostgreSqlJournalSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _dataSource = PostgreSqlDataSources.Create(settings.ConnectionString);
        _sql = new PostgreSqlJournalSql(PostgreSqlSettingsValidation.Quote(settings.Schema));
    }

    /// <summary>Counters of the write path: how many commits carried how many writes.</summary>
    public GroupCommitStatistics Statistics => _writer?.Statistics ?? default;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is not null)
            {
                return;
            }

            await PostgreSqlSchema.EnsureCreatedAsync(_dataSource, _settings.Schema, PostgreSqlJournalSql.Schema, cancellationToken).ConfigureAwait(false);
            PostgreSqlFence? fence = _settings.FenceTable is { } table
                ? await PostgreSqlFence.ResolveAsync(_dataSource, table, cancellationToken).ConfigureAwait(false)
                : null;
            _committer = new PostgreSqlBatchCommitter(_dataSource, _sql, fence);
            _writer = new GroupCommitWriter(_committer, _settings.MaxBatchSize);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default) =>
        Writer.WriteAsync(writes, cancellationToken);

    GroupCommitRequest IChainedWriteJournal.WriteAfter(AtomicWrite write, GroupCommitRequest? previous) =>
        Writer.WriteAfter(write, previous);

    public IAsyncEnumerable<PersistentRepr> ReplayAsync(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        long max,
        CancellationToken cancellationToken = default)
    {
        JournalArguments.ValidateReplay(persistenceId, fromSequenceNr, toSequenceNr, max);
        _ = Writer; // fail now, not at the first MoveNextAsync, when not initialized
        return Replay(persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken);
    }

    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default)
    {
        StoredText.ThrowIfInvalidPersistenceId(persistenceId);
        _ = Writer;
        await using NpgsqlCommand command = _dataSource.CreateCommand(_sql.HighestSequenceNr);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        StoredText.ThrowIfInvalidPersistenceId(persistenceId);
        ArgumentOutOfRangeException.ThrowIfNegative(toSequenceNr);
        _ = Writer;

        // One batch: both statements run in its implicit transaction.
        await using NpgsqlBatch batch = _dataSource.CreateBatch();
        foreach (string sql in (string[])[_sql.RememberDeleted, _sql.DeleteTo])
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql)
            {
                Parameters =
                {
                    new NpgsqlParameter<string> { TypedValue = persistenceId },
                    new NpgsqlParameter<long> { TypedValue = toSequenceNr },
                },
            });
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes the writes already accepted, then closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_writer is { } writer)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }

            if (_committer is { } committer)
            {
                await committer.DisposeAsync().ConfigureAwait(false);
            }

            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private GroupCommitWriter Writer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _writer ?? throw JournalArguments.NotInitialized(nameof(PostgreSqlJournal));
        }
    }

    private async IAsyncEnumerable<PersistentRepr> Replay(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        long max,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (max == 0 || fromSequenceNr > toSequenceNr)
        {
            yield break;
        }

        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Replay, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = persistenceId },
                new NpgsqlParameter<long> { TypedValue = fromSequenceNr },
                new NpgsqlParameter<long> { TypedValue = toSequenceNr },
                new NpgsqlParameter<long> { TypedValue = max },
            },
        };

        // Npgsql reads rows off the socket as they are consumed, and in sequential mode does not buffer a
        // whole row either: the server streams the range, bounded by the socket's buffers, never the history.
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Sequential access: columns are read in their order.
            long sequenceNr = reader.GetInt64(0);
            long ticks = reader.GetInt64(1);
            string writerId = reader.GetString(2);
            string manifest = reader.GetString(3);
            byte[] payload = await reader.GetFieldValueAsync<byte[]>(4, cancellationToken).ConfigureAwait(false);
            yield return new PersistentRepr(persistenceId, sequenceNr, manifest, payload, new DateTimeOffset(ticks, TimeSpan.Zero), writerId);
        }
    }
}
