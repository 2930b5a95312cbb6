using System.Runtime.InteropServices;
using Actors.Persistence.Journal;
using Npgsql;
using NpgsqlTypes;

namespace Actors.Persistence.PostgreSql;

/// <summary>
/// Stores group commit batches in PostgreSQL as one <see cref="NpgsqlBatch"/>: the batch's events go as one insert
/// (<c>unnest</c> of one array per column) and run in the batch's implicit transaction, so a batch costs one round trip,
/// one statement and one commit. When that insert fails because of one of its events (a taken sequence number, a value
/// the database refuses), the batch, rolled back whole, is sent again with one insert per event, so that the write to
/// blame can be named and the rest committed.
/// </summary>
/// <remarks>
/// <para>
/// The writer connection is opened on first use and reopened after it breaks, so a restart of the server
/// fails only the batches in flight.
/// </para>
/// <para>
/// Fenced writes are checked (see <see cref="PostgreSqlFence"/>) at the end of the batch, after the inserts, in scope
/// order; a stale epoch fails the batch there, and the write alone is rejected with <see cref="FencedWriteException"/>.
/// </para>
/// </remarks>
internal sealed class PostgreSqlBatchCommitter : IBatchCommitter
{
    private const string UniqueViolation = "23505";
    private const string DataExceptionClass = "22";

    // In _writeOfCommand: the command is the combined insert of every write of the batch.
    private const int AllWrites = -1;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlJournalSql _sql;
    private readonly PostgreSqlFence? _fence;
    private readonly List<int> _writeOfCommand = [];
    private readonly List<(int Write, WriteFence Fence)> _fenced = [];
    private NpgsqlConnection? _connection;

    /// <param name="dataSource">Where the writer connection comes from.</param>
    /// <param name="sql">The journal's statements.</param>
    /// <param name="fence">How fenced writes are checked; null refuses them.</param>
    public PostgreSqlBatchCommitter(NpgsqlDataSource dataSource, PostgreSqlJournalSql sql, PostgreSqlFence? fence)
    {
        _dataSource = dataSource;
        _sql = sql;
        _fence = fence;
    }

    public async ValueTask CommitAsync(IReadOnlyList<AtomicWrite> batch, CancellationToken cancellationToken)
    {
        RefuseFencesWithoutFenceTable(batch);
        if (!await ExecuteAsync(batch, combined: CountEvents(batch) > 1, cancellationToken).ConfigureAwait(false))
        {
            // The combined insert failed because of an event it cannot name, and the whole batch rolled back: run it
            // again with one insert per event, which names the write to blame. (Conflicts and bad values are rare;
            // the combined insert is the rule.)
            await ExecuteAsync(batch, combined: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends the batch as one <see cref="NpgsqlBatch"/>: its events as one insert (<paramref name="combined"/>), or as
    /// one insert each, then the fence checks.
    /// </summary>
    /// <returns>
    /// True once committed; false when the combined insert failed because of one of its events, so the batch must go
    /// again one insert per event to learn which.
    /// </returns>
    private async Task<bool> ExecuteAsync(IReadOnlyList<AtomicWrite> batch, bool combined, CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = _connection ??= await OpenWriterAsync(cancellationToken).ConfigureAwait(false);
        await using var commands = new NpgsqlBatch(connection);
        _writeOfCommand.Clear();
        if (combined)
        {
            commands.BatchCommands.Add(CombinedInsert(batch));
            _writeOfCommand.Add(AllWrites);
        }
        else
        {
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
        }

        AddFenceChecks(commands, batch);
        try
        {
            await commands.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e)
        {
            if (e is PostgresException { BatchCommand: { } failed } error && RejectionOf(error, failed, commands, batch) is { } rejection)
            {
                return rejection.Index == AllWrites
                    ? false
                    : throw new BatchWriteRejectedException(rejection.Index, rejection.Cause);
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

    /// <summary>Every event of the batch in one insert: one statement for the server to run instead of one per event.</summary>
    private NpgsqlBatchCommand CombinedInsert(IReadOnlyList<AtomicWrite> batch)
    {
        int count = CountEvents(batch);
        var ids = new string[count];
        var sequenceNrs = new long[count];
        var timestamps = new long[count];
        var writers = new string[count];
        var manifests = new string[count];
        var payloads = new byte[count][];
        int i = 0;
        foreach (AtomicWrite write in batch)
        {
            foreach (PersistentRepr e in write.Events)
            {
                ids[i] = e.PersistenceId;
                sequenceNrs[i] = e.SequenceNr;
                timestamps[i] = e.Timestamp.UtcTicks;
                writers[i] = e.WriterId;
                manifests[i] = e.Manifest;
                payloads[i] = MemoryMarshal.TryGetArray(e.Payload, out ArraySegment<byte> whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length
                    ? whole.Array
                    : e.Payload.ToArray();
                i++;
            }
        }

        return new NpgsqlBatchCommand(_sql.InsertMany)
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = ids },
                new NpgsqlParameter<long[]> { TypedValue = sequenceNrs },
                new NpgsqlParameter<long[]> { TypedValue = timestamps },
                new NpgsqlParameter<string[]> { TypedValue = writers },
                new NpgsqlParameter<string[]> { TypedValue = manifests },
                new NpgsqlParameter<byte[][]> { TypedValue = payloads },
            },
        };
    }

    private static int CountEvents(IReadOnlyList<AtomicWrite> batch)
    {
        int count = 0;
        foreach (AtomicWrite write in batch)
        {
            count += write.Events.Length;
        }

        return count;
    }

    public ValueTask DisposeAsync() => ResetConnectionAsync();

    /// <summary>
    /// Adds the fence checks of the batch's fenced writes after its inserts, in scope order.
    /// </summary>
    /// <remarks>
    /// Last, because a check's share lock holds off every epoch bump of its scope until the commit, and a writer frozen
    /// in the middle of sending a batch (paused, or cut off) keeps the locks it has taken for as long as its connection
    /// lives: PostgreSQL has no timeout for a client that stops between the messages of a batch. Taken right before the
    /// commit, the locks are held only for the last round trip. In scope order, because an owner change that moves
    /// several scopes updates their rows in that same order: the two never wait for each other in a circle.
    /// </remarks>
    private void AddFenceChecks(NpgsqlBatch commands, IReadOnlyList<AtomicWrite> batch)
    {
        if (_fence is null)
        {
            return;
        }

        _fenced.Clear();
        for (int w = 0; w < batch.Count; w++)
        {
            if (batch[w].Fence is { } fence)
            {
                _fenced.Add((w, fence));
            }
        }

        _fenced.Sort((x, y) => _fence.ScopeOrder.Compare(x.Fence.Scope, y.Fence.Scope) is var order and not 0 ? order : x.Write.CompareTo(y.Write));
        foreach ((int w, WriteFence fence) in _fenced)
        {
            commands.BatchCommands.Add(new NpgsqlBatchCommand(_fence.Check)
            {
                Parameters =
                {
                    new NpgsqlParameter<string> { TypedValue = fence.Scope },
                    new NpgsqlParameter<long> { TypedValue = fence.Epoch },
                },
            });
            _writeOfCommand.Add(w);
        }
    }

    /// <summary>Rejects the first fenced write when there is no fence table to check it against.</summary>
    private void RefuseFencesWithoutFenceTable(IReadOnlyList<AtomicWrite> batch)
    {
        if (_fence is not null)
        {
            return;
        }

        for (int w = 0; w < batch.Count; w++)
        {
            if (batch[w].Fence is { } fence)
            {
                throw new BatchWriteRejectedException(w, new NotSupportedException(
                    $"{batch[w]} is fenced ({fence}), but this PostgreSQL journal has no fence table to check epochs against: " +
                    "set PostgreSqlJournalSettings.FenceTable (in a cluster, to the cluster's shard table). Nothing was written."));
            }
        }
    }

    /// <summary>Opens the writer connection, with the fence check function in its session when fences are on.</summary>
    private async Task<NpgsqlConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (_fence is null)
        {
            return connection;
        }

        try
        {
            await using var create = new NpgsqlCommand(_fence.CreateFunction, connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The write to blame and its caller's error, when the failure is one write's own fault.</summary>
    private (int Index, Exception Cause)? RejectionOf(PostgresException error, NpgsqlBatchCommand failed, NpgsqlBatch commands, IReadOnlyList<AtomicWrite> batch)
    {
        int command = commands.BatchCommands.IndexOf(failed);
        if (command < 0)
        {
            return null;
        }

        int index = _writeOfCommand[command];
        bool conflict = error.SqlState == UniqueViolation && error.ConstraintName == PostgreSqlJournalSql.PrimaryKey;

        // Data exceptions (such as text the database's encoding cannot hold) come from the write's own values.
        bool badValue = error.SqlState.StartsWith(DataExceptionClass, StringComparison.Ordinal);
        if (index == AllWrites)
        {
            // The combined insert: the fault is one of its events', but which one is unknown; AllWrites tells
            // CommitAsync to send the batch again one insert per event.
            return conflict || badValue ? (AllWrites, error) : null;
        }

        AtomicWrite write = batch[index];
        if (error.SqlState == PostgreSqlFence.FencedState && write.Fence is { } fence)
        {
            return (index, new FencedWriteException(write.PersistenceId, write.LowestSequenceNr, write.HighestSequenceNr, fence, PostgreSqlFence.CurrentEpochOf(error)));
        }

        if (conflict)
        {
            return (index, new SequenceNumberConflictException(write.PersistenceId, write.LowestSequenceNr, write.HighestSequenceNr, error));
        }

        return badValue ? (index, error) : null;
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
