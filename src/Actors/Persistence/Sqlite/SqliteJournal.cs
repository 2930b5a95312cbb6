using System.Runtime.CompilerServices;
using Actors.Persistence.Journal;
using Microsoft.Data.Sqlite;

namespace Actors.Persistence.Sqlite;

/// <summary>
/// A journal in a SQLite file: writes go through group commit on one writer connection, reads use pooled
/// connections that WAL mode lets run beside it.
/// </summary>
/// <remarks>
/// SQLite has no asynchronous I/O: reads and deletes run on the calling thread (they are local and short),
/// and writes on the group commit loop's thread.
/// </remarks>
/// <example>
/// <code>
/// await using var journal = new SqliteJournal(new SqliteJournalSettings { DataDirectory = "data" });
/// await journal.InitializeAsync();
/// </code>
/// </example>
public sealed class SqliteJournal : IJournal, IChainedWriteJournal
{
    private readonly SqliteJournalSettings _settings;
    private readonly SqliteDatabase _database;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private SqliteBatchCommitter? _committer;
    private volatile GroupCommitWriter? _writer;
    private volatile bool _disposed;

    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public SqliteJournal(SqliteJournalSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _database = new SqliteDatabase(settings.DatabasePath, settings.Durability, settings.BusyTimeout);
    }

    /// <summary>The database file.</summary>
    public string DatabasePath => _database.Path;

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

            SqliteSchema.EnsureCreated(_database, SqliteJournalSql.Schema);
            _committer = new SqliteBatchCommitter(_database);
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

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default)
    {
        StoredText.ThrowIfInvalidPersistenceId(persistenceId);
        _ = Writer;
        cancellationToken.ThrowIfCancellationRequested();
        using SqliteConnection connection = _database.OpenPooled();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = SqliteJournalSql.HighestSequenceNr;
        command.Parameters.AddWithValue("$pid", persistenceId);
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        StoredText.ThrowIfInvalidPersistenceId(persistenceId);
        ArgumentOutOfRangeException.ThrowIfNegative(toSequenceNr);
        _ = Writer;
        cancellationToken.ThrowIfCancellationRequested();
        using SqliteConnection connection = _database.OpenPooled();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqliteJournalSql.DeleteTo;
        command.Parameters.AddWithValue("$pid", persistenceId);
        command.Parameters.AddWithValue("$to", toSequenceNr);
        command.ExecuteNonQuery();
        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>Completes the writes already accepted, then closes the database.</summary>
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

            _database.ClearPool();
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
            return _writer ?? throw JournalArguments.NotInitialized(nameof(SqliteJournal));
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

        using SqliteConnection connection = _database.OpenPooled();
        using var query = new SqliteStatement(connection, SqliteJournalSql.Replay);
        query.Bind(1, persistenceId);
        query.Bind(2, fromSequenceNr);
        query.Bind(3, toSequenceNr);
        query.Bind(4, max);

        // SQLite merges the settled table's key range, stepped one row per event, with the few matching tail
        // rows (sorted apart): nothing of the settled history is read ahead of the consumer.
        var writerIds = new SqliteRecentText();
        var manifests = new SqliteRecentText();
        while (query.Step())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return ReadEvent(query, persistenceId, writerIds, manifests);
        }
    }

    private static PersistentRepr ReadEvent(SqliteStatement row, string persistenceId, SqliteRecentText writerIds, SqliteRecentText manifests) =>
        new(
            persistenceId,
            row.ColumnInt64(0),
            manifests.Get(row.ColumnBytes(3)),
            row.ColumnBytes(4).ToArray(),
            new DateTimeOffset(row.ColumnInt64(1), TimeSpan.Zero),
            writerIds.Get(row.ColumnBytes(2)));
}
