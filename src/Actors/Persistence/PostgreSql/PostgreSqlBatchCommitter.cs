using Actors.Persistence.Journal;
using Npgsql;
using NpgsqlTypes;

namespace Actors.Persistence.PostgreSql;

/// <summary>
/// Stores group commit batches in PostgreSQL as one <see cref="NpgsqlBatch"/>: every insert is sent at
/// once and runs in the batch's implicit transaction, so a batch costs one round trip and one commit.
/// </summary>
/// <remarks>
/// The writer connection is opened on first use and reopened after it breaks, so a restart of the server
/// fails only the batches in flight.
/// </remarks>
internal sealed class PostgreSqlBatchCommitter : IBatchCommitter
{
    private const string UniqueViolation = "23505";
    private const string DataExceptionClass = "22";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlJournalSql _sql;
    private readonly List<int> _writeOfCommand = [];
    private NpgsqlConnection? _connection;

    public PostgreSqlBatchCommitter(NpgsqlDataSource dataSource, PostgreSqlJournalSql sql)
    {
        _dataSource = dataSource;
        _sql = sql;
    }

    public async ValueTask CommitAsync(IReadOnlyList<AtomicWrite> batch, CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = _connection ??= await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var commands = new NpgsqlBatch(connection);
        _writeOfCommand.Clear();
        for (int w = 0; w < batch.Count; w++)
        {
            foreach (PersistentRepr e in batch[w].Events)
            {
                commands.BatchCommands.Add(new NpgsqlBatchCommand(_sql.Insert)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string> { TypedValue = e.PersistenceId },
                        new NpgsqlParameter<long> { TypedValue = e.SequenceNr },
                        new NpgsqlParameter<long> { TypedValue = e.Timestamp.UtcTicks },
                        new NpgsqlParameter<string> { TypedValue = e.WriterId },
                        new NpgsqlParameter<string> { TypedValue = e.Manifest },
                        new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = e.Payload, NpgsqlDbType = NpgsqlDbType.Bytea },
                    },
                });
                _writeOfCommand.Add(w);
            }
        }

        try
        {
            await commands.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (e is PostgresException { BatchCommand: { } failed } error && RejectionOf(error, failed, commands, batch) is { } rejection)
            {
                throw new BatchWriteRejectedException(rejection.Index, rejection.Cause);
            }

            // A server error leaves the connection usable; anything else (a broken socket, a timeout) may not:
            // start afresh with the next batch.
            if (e is not PostgresException || connection.FullState != System.Data.ConnectionState.Open)
            {
                await ResetConnectionAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    public ValueTask DisposeAsync() => ResetConnectionAsync();

    /// <summary>The write to blame and its caller's error, when the failure is one write's own fault.</summary>
    private (int Index, Exception Cause)? RejectionOf(PostgresException error, NpgsqlBatchCommand failed, NpgsqlBatch commands, IReadOnlyList<AtomicWrite> batch)
    {
        int command = commands.BatchCommands.IndexOf(failed);
        if (command < 0)
        {
            return null;
        }

        int index = _writeOfCommand[command];
        AtomicWrite write = batch[index];
        if (error.SqlState == UniqueViolation && error.ConstraintName == PostgreSqlJournalSql.PrimaryKey)
        {
            return (index, new SequenceNumberConflictException(write.PersistenceId, write.LowestSequenceNr, write.HighestSequenceNr, error));
        }

        // Data exceptions (such as text the database's encoding cannot hold) come from the write's own values.
        return error.SqlState.StartsWith(DataExceptionClass, StringComparison.Ordinal) ? (index, error) : null;
    }

    private async ValueTask ResetConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
