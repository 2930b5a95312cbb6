using Actors.Persistence.Journal;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Actors.Persistence.Sqlite;

/// <summary>
/// Stores group commit batches in SQLite through the journal's one writer connection, with the insert
/// prepared once.
/// </summary>
internal sealed class SqliteBatchCommitter : IBatchCommitter
{
    private const int SqliteTooBig = 18;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private readonly SqliteConnection _connection;
    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _rollback;
    private readonly SqliteStatement _insert;

    public SqliteBatchCommitter(SqliteDatabase database)
    {
        _connection = database.OpenDedicated();
        try
        {
            // IMMEDIATE takes the write lock at BEGIN, so waiting for another writer happens there, under the
            // busy timeout, and not half way through the batch.
            _begin = new SqliteStatement(_connection, "BEGIN IMMEDIATE;");
            _commit = new SqliteStatement(_connection, "COMMIT;");
            _rollback = new SqliteStatement(_connection, "ROLLBACK;");
            _insert = new SqliteStatement(_connection, SqliteJournalSql.Insert);
        }
        catch
        {
            DisposeStatements();
            _connection.Dispose();
            throw;
        }
    }

    public ValueTask CommitAsync(IReadOnlyList<AtomicWrite> batch, CancellationToken cancellationToken)
    {
        _begin.Execute();
        int index = 0;
        try
        {
            for (; index < batch.Count; index++)
            {
                foreach (PersistentRepr e in batch[index].Events)
                {
                    _insert.Bind(1, e.PersistenceId);
                    _insert.Bind(2, e.SequenceNr);
                    _insert.Bind(3, e.Timestamp.UtcTicks);
                    _insert.Bind(4, e.WriterId);
                    _insert.Bind(5, e.Manifest);
                    _insert.Bind(6, e.Payload.Span);
                    _insert.Execute();
                }
            }

            _commit.Execute();
        }
        catch (Exception e)
        {
            RollBackIfOpen();
            if (index < batch.Count && e is SqliteException sqlite && RejectionOf(sqlite, batch[index]) is { } cause)
            {
                throw new BatchWriteRejectedException(index, cause);
            }

            throw;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        DisposeStatements();
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The error for the write's caller when the failure is the write's own fault; null otherwise.</summary>
    private static Exception? RejectionOf(SqliteException error, AtomicWrite write) => error.SqliteExtendedErrorCode switch
    {
        SqliteConstraintPrimaryKey or SqliteConstraintUnique =>
            new SequenceNumberConflictException(write.PersistenceId, write.LowestSequenceNr, write.HighestSequenceNr, error),
        _ when error.SqliteErrorCode == SqliteTooBig => error,
        _ => null,
    };

    /// <summary>
    /// Ends the transaction if the failure left it open; some errors (a full disk, say) roll it back
    /// themselves, and rolling back twice would fail.
    /// </summary>
    private void RollBackIfOpen()
    {
        if (_connection.Handle is { } handle && raw.sqlite3_get_autocommit(handle) == 0)
        {
            try
            {
                _rollback.Execute();
            }
            catch (SqliteException)
            {
                // The batch's own error is the one to report; if the transaction is stuck open, the next
                // BEGIN fails and reports that.
            }
        }
    }

    private void DisposeStatements()
    {
        _begin?.Dispose();
        _commit?.Dispose();
        _rollback?.Dispose();
        _insert?.Dispose();
    }
}
