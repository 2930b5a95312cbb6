using Actors.Persistence.Journal;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Actors.Persistence.Sqlite;

/// <summary>
/// Stores group commit batches in SQLite through the journal's one writer connection, with every
/// statement prepared once.
/// </summary>
/// <remarks>
/// A batch checks each write's sequence numbers (against the tail through <see cref="SqliteTailIndex"/>,
/// against the settled table through its key), appends the events to the tail, and commits. Once the tail
/// has grown past <see cref="SettleThreshold"/> rows, it is moved into the settled table in one transaction.
/// See <see cref="SqliteJournalSql"/> for why.
/// </remarks>
internal sealed class SqliteBatchCommitter : IBatchCommitter
{
    /// <summary>
    /// Tail rows that trigger settling. Larger amortizes settling better; smaller keeps the scans of the
    /// unindexed tail (by replays and highest-number reads) short.
    /// </summary>
    internal const int SettleThreshold = 1024;

    private const int SqliteTooBig = 18;

    private readonly SqliteConnection _connection;
    private readonly List<SqliteStatement> _statements = [];
    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _rollback;
    private readonly SqliteStatement _append;
    private readonly SqliteStatement _settledExists;
    private readonly SqliteStatement _tailKeys;
    private readonly SqliteStatement _dataVersion;
    private readonly SqliteStatement _settleCopy;
    private readonly SqliteStatement _settleClear;
    private readonly SqliteTailIndex _tail = new();

    // The file's data version when the tail index was last known to match the tail; MinValue forces a rebuild.
    private long _indexedVersion = long.MinValue;
    private int _settleAt = SettleThreshold;

    public SqliteBatchCommitter(SqliteDatabase database)
    {
        _connection = database.OpenDedicated();
        try
        {
            // IMMEDIATE takes the write lock at BEGIN, so waiting for another writer happens there, under the
            // busy timeout, and every check below sees the file as no other connection can change it.
            _begin = Prepare("BEGIN IMMEDIATE;");
            _commit = Prepare("COMMIT;");
            _rollback = Prepare("ROLLBACK;");
            _append = Prepare(SqliteJournalSql.Append);
            _settledExists = Prepare(SqliteJournalSql.SettledExists);
            _tailKeys = Prepare(SqliteJournalSql.TailKeys);
            _dataVersion = Prepare(SqliteJournalSql.DataVersion);
            _settleCopy = Prepare(SqliteJournalSql.SettleCopy);
            _settleClear = Prepare(SqliteJournalSql.SettleClear);
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
        RefuseFences(batch);
        _begin.Execute();
        int index = 0;
        try
        {
            RefreshTailIndex();
            for (; index < batch.Count; index++)
            {
                AtomicWrite write = batch[index];
                if (_tail.ContainsAny(write) || IsSettled(write))
                {
                    throw new BatchWriteRejectedException(
                        index,
                        new SequenceNumberConflictException(write.PersistenceId, write.LowestSequenceNr, write.HighestSequenceNr, null));
                }

                _tail.AddProvisionally(write);
                foreach (PersistentRepr e in write.Events)
                {
                    _append.Bind(1, e.PersistenceId);
                    _append.Bind(2, e.SequenceNr);
                    _append.Bind(3, e.Timestamp.UtcTicks);
                    _append.Bind(4, e.WriterId);
                    _append.Bind(5, e.Manifest);
                    _append.Bind(6, e.Payload.Span);
                    _append.Execute();
                }
            }

            _commit.Execute();
        }
        catch (Exception e)
        {
            RollBackIfOpen();
            _tail.TakeBack();
            if (e is not BatchWriteRejectedException)
            {
                _indexedVersion = long.MinValue; // whatever happened, check the tail afresh
            }

            if (index < batch.Count && e is SqliteException { SqliteErrorCode: SqliteTooBig } tooBig)
            {
                throw new BatchWriteRejectedException(index, tooBig);
            }

            throw;
        }

        _tail.Confirm();
        if (_tail.Count >= _settleAt)
        {
            Settle();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        DisposeStatements();
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Rejects the first fenced write: a SQLite file belongs to one process, so there is no other owner to fence off,
    /// and silently ignoring the fence would claim a guarantee this journal does not give.
    /// </summary>
    private static void RefuseFences(IReadOnlyList<AtomicWrite> batch)
    {
        for (int index = 0; index < batch.Count; index++)
        {
            if (batch[index].Fence is { } fence)
            {
                throw new BatchWriteRejectedException(index, new NotSupportedException(
                    $"{batch[index]} is fenced ({fence}), but fencing needs the PostgreSQL journal: the SQLite journal cannot check epochs. " +
                    "A cluster keeps its journal in PostgreSQL (store.backend = postgresql). Nothing was written."));
            }
        }
    }

    /// <summary>Rebuilds the tail index if another connection has committed since it was last right.</summary>
    private void RefreshTailIndex()
    {
        long version = _dataVersion.ReadInt64();
        if (version != _indexedVersion)
        {
            _tail.Rebuild(_tailKeys);
            _indexedVersion = version;
        }
    }

    private bool IsSettled(AtomicWrite write)
    {
        _settledExists.Bind(1, write.PersistenceId);
        _settledExists.Bind(2, write.LowestSequenceNr);
        _settledExists.Bind(3, write.HighestSequenceNr);
        return _settledExists.Exists();
    }

    /// <summary>
    /// Moves the tail into the settled table. Its batch is already committed, so a failure here is not the
    /// batch's: the tail stays and settling is tried again once it has grown by another threshold.
    /// </summary>
    private void Settle()
    {
        try
        {
            _begin.Execute();
            try
            {
                _settleCopy.Execute();
                _settleClear.Execute();
                _commit.Execute();
            }
            catch
            {
                RollBackIfOpen();
                throw;
            }

            _tail.Clear();
            _settleAt = SettleThreshold;
        }
        catch (SqliteException)
        {
            _indexedVersion = long.MinValue;
            _settleAt = _tail.Count + SettleThreshold;
        }
    }

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

    private SqliteStatement Prepare(string sql)
    {
        var statement = new SqliteStatement(_connection, sql);
        _statements.Add(statement);
        return statement;
    }

    private void DisposeStatements()
    {
        foreach (SqliteStatement statement in _statements)
        {
            statement.Dispose();
        }

        _statements.Clear();
    }
}
