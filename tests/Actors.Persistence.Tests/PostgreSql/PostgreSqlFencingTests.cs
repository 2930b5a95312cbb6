using Actors.Persistence.Journal;
using Actors.Persistence.PostgreSql;
using Actors.Persistence.Tests.Contract;
using Actors.Persistence.Tests.Infrastructure;
using Npgsql;

namespace Actors.Persistence.Tests.PostgreSql;

public sealed class PostgreSqlFencingTests : FencingContract, IPostgresTests
{
    private readonly string _schema = TestPostgres.NewSchemaName();

    private PostgreSqlFenceTable FenceTable => new(_schema, "fences", "scope", "epoch");

    protected override IJournal Open() => new PostgreSqlJournal(new PostgreSqlJournalSettings
    {
        ConnectionString = TestPostgres.ConnectionString,
        Schema = _schema,
        FenceTable = FenceTable,
    });

    protected override GroupCommitStatistics StatisticsOf(IJournal journal) => ((PostgreSqlJournal)journal).Statistics;

    // An integer scope column, as the cluster's shard table has: the journal converts the text scope.
    protected override Task CreateFenceTableAsync() => TestPostgres.ExecuteAsync(
        $"CREATE SCHEMA \"{_schema}\"; CREATE TABLE \"{_schema}\".fences (scope integer PRIMARY KEY, epoch bigint NOT NULL)");

    protected override Task SetEpochAsync(string scope, long epoch) => TestPostgres.ExecuteAsync(
        $"INSERT INTO \"{_schema}\".fences VALUES ({int.Parse(scope, System.Globalization.CultureInfo.InvariantCulture)}, {epoch}) " +
        "ON CONFLICT (scope) DO UPDATE SET epoch = EXCLUDED.epoch");

    protected override async Task<int> MoveEpochAndCountEventsAsync(string scope, long epoch, string persistenceId)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync();
        await using (var move = new NpgsqlCommand($"UPDATE \"{_schema}\".fences SET epoch = $2 WHERE scope = $1::integer", connection, transaction))
        {
            move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope });
            move.Parameters.Add(new NpgsqlParameter<long> { TypedValue = epoch });
            Assert.Equal(1, await move.ExecuteNonQueryAsync());
        }

        // Read committed: this statement sees everything committed before the move got its row lock.
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{_schema}\".journal WHERE persistence_id = $1", connection, transaction);
        count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        int events = (int)(long)(await count.ExecuteScalarAsync())!;
        await transaction.CommitAsync();
        return events;
    }

    protected override async Task<IAsyncDisposable> HoldWriteLockAsync() =>
        await PostgreSqlTableLock.TakeAsync($"\"{_schema}\".journal");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await TestPostgres.DropSchemaAsync(_schema);
    }

    [BackendFact]
    public async Task A_write_that_meets_an_epoch_move_in_progress_waits_for_its_outcome()
    {
        await SetEpochAsync("1", 1);
        await SetEpochAsync("2", 1);
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();

        // A move that commits: the write waits for it, then is fenced off.
        await using (NpgsqlTransaction move = await connection.BeginTransactionAsync())
        {
            await MoveAsync(connection, move, 1, 2);
            Task<IReadOnlyList<WriteOutcome>> stale = Journal.WriteAsync([Fenced(TestEvents.Write("shard-1", 1), "1", 1)]);
            await WaitUntilWaitingForLockAsync("actors_journal_fence", ofThisSchema: false);
            Assert.False(stale.IsCompleted);
            await move.CommitAsync();
            Assert.Equal(2, Assert.IsType<FencedWriteException>(Assert.Single(await stale).Error).CurrentEpoch);
        }

        // A move that is rolled back: the write waits for it, then is stored under the epoch it had all along.
        await using (NpgsqlTransaction move = await connection.BeginTransactionAsync())
        {
            await MoveAsync(connection, move, 2, 2);
            Task<IReadOnlyList<WriteOutcome>> current = Journal.WriteAsync([Fenced(TestEvents.Write("shard-2", 1), "2", 1)]);
            await WaitUntilWaitingForLockAsync("actors_journal_fence", ofThisSchema: false);
            Assert.False(current.IsCompleted);
            await move.RollbackAsync();
            Assert.True(Assert.Single(await current).IsSuccess);
        }

        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("shard-1", 0));
        Assert.Equal(1, await Journal.ReadHighestSequenceNrAsync("shard-2", 0));
    }

    [BackendFact]
    public async Task A_batch_and_a_move_of_several_scopes_lock_in_the_same_order_and_never_deadlock()
    {
        foreach (string scope in (string[])["1", "2", "5", "10", "20"])
        {
            await SetEpochAsync(scope, 1);
        }

        // A mover that updates rows in ascending scope order, as the cluster's coordinator does; it holds the first row.
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        await using NpgsqlTransaction move = await connection.BeginTransactionAsync();
        await TouchAsync(1);

        // One batch with writes under every scope, in descending order: unless the batch locks in the mover's order it
        // takes 20, 10, 5, 2 and waits for 1 while the mover waits for 2.
        Task<IReadOnlyList<WriteOutcome>> writes = Journal.WriteAsync(
            ((string[])["20", "10", "5", "2", "1"]).Select(scope => Fenced(TestEvents.Write($"shard-{scope}", 1), scope, 1)).ToArray());
        await WaitUntilWaitingForLockAsync("actors_journal_fence", ofThisSchema: false); // the check's text names no schema
        foreach (int scope in (int[])[2, 5, 10, 20])
        {
            await TouchAsync(scope);
        }

        await move.CommitAsync();
        Assert.All(await writes, outcome => Assert.True(outcome.IsSuccess, outcome.ToString()));

        async Task TouchAsync(int scope)
        {
            await using var touch = new NpgsqlCommand($"UPDATE \"{_schema}\".fences SET epoch = epoch WHERE scope = {scope}", connection, move);
            await touch.ExecuteNonQueryAsync();
        }
    }

    [BackendFact]
    public async Task Initialization_refuses_a_missing_fence_table_or_unusable_columns()
    {
        await TestPostgres.ExecuteAsync($"CREATE TABLE \"{_schema}\".bad_fences (scope real, epoch text, name text)");

        PersistenceSchemaException missing = await Assert.ThrowsAsync<PersistenceSchemaException>(() => InitializeWithAsync(FenceTable with { Table = "nope" }));
        Assert.Contains("does not exist", missing.Message);
        PersistenceSchemaException scope = await Assert.ThrowsAsync<PersistenceSchemaException>(() => InitializeWithAsync(new(_schema, "bad_fences", "scope", "epoch")));
        Assert.Contains("scope column scope has type float4", scope.Message);
        PersistenceSchemaException epoch = await Assert.ThrowsAsync<PersistenceSchemaException>(() => InitializeWithAsync(new(_schema, "bad_fences", "name", "epoch")));
        Assert.Contains("epoch column epoch has type text", epoch.Message);
        PersistenceSchemaException column = await Assert.ThrowsAsync<PersistenceSchemaException>(() => InitializeWithAsync(FenceTable with { EpochColumn = "version" }));
        Assert.Contains("no column version", column.Message);
    }

    [BackendFact]
    public void Fence_table_names_are_validated()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new PostgreSqlJournal(new PostgreSqlJournalSettings
        {
            ConnectionString = "Host=x",
            FenceTable = new PostgreSqlFenceTable("cluster", "shards; DROP TABLE x", "shard_id", "epoch"),
        }));
        Assert.Contains("FenceTable.Table", e.Message);
    }

    [BackendFact]
    public async Task A_journal_without_a_fence_table_refuses_fenced_writes_clearly()
    {
        await using var unfenced = new PostgreSqlJournal(new PostgreSqlJournalSettings { ConnectionString = TestPostgres.ConnectionString, Schema = _schema });
        await unfenced.InitializeAsync();

        IReadOnlyList<WriteOutcome> outcomes = await unfenced.WriteAsync([Fenced(TestEvents.Write("shard-1", 1), "1", 1), TestEvents.Write("plain", 1)]);

        Assert.Contains("FenceTable", Assert.IsType<NotSupportedException>(outcomes[0].Error).Message);
        Assert.True(outcomes[1].IsSuccess);
    }

    [BackendFact]
    public async Task The_writer_recreates_its_fence_check_after_its_connection_is_killed()
    {
        await SetEpochAsync("1", 1);
        Assert.True(Assert.Single(await Journal.WriteAsync([Fenced(TestEvents.Write("shard-1", 1), "1", 1)])).IsSuccess);
        await TestPostgres.ExecuteAsync(
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() AND query LIKE '%INSERT INTO \"{_schema}\".journal%'");

        WriteOutcome outcome = (await Journal.WriteAsync([Fenced(TestEvents.Write("shard-1", 2), "1", 1)]))[0];
        if (!outcome.IsSuccess)
        {
            Assert.IsAssignableFrom<NpgsqlException>(outcome.Error);
            outcome = (await Journal.WriteAsync([Fenced(TestEvents.Write("shard-1", 2), "1", 1)]))[0];
        }

        Assert.True(outcome.IsSuccess, outcome.ToString());
        await SetEpochAsync("1", 2);
        Assert.IsType<FencedWriteException>((await Journal.WriteAsync([Fenced(TestEvents.Write("shard-1", 3), "1", 1)]))[0].Error);
    }

    private async Task MoveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int scope, long epoch)
    {
        await using var move = new NpgsqlCommand($"UPDATE \"{_schema}\".fences SET epoch = {epoch} WHERE scope = {scope}", connection, transaction);
        Assert.Equal(1, await move.ExecuteNonQueryAsync());
    }

    private async Task InitializeWithAsync(PostgreSqlFenceTable table)
    {
        await using var journal = new PostgreSqlJournal(new PostgreSqlJournalSettings { ConnectionString = TestPostgres.ConnectionString, Schema = _schema, FenceTable = table });
        await journal.InitializeAsync();
    }

    /// <summary>Polls until another session (of this test's schema) waits for a lock in a statement containing <paramref name="statement"/>.</summary>
    private async Task WaitUntilWaitingForLockAsync(string statement, bool ofThisSchema = true)
    {
        string schema = ofThisSchema ? _schema : string.Empty;
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            object? waiting = await TestPostgres.ScalarAsync(
                $"SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock' " +
                $"AND query LIKE '%{statement}%' AND query LIKE '%{schema}%'");
            if ((long)waiting! > 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No session started waiting for a lock in {statement} within 10 s.");
            await Task.Delay(20);
        }
    }
}
