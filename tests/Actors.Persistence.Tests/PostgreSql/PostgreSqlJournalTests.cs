using Actors.Persistence.Journal;
using Actors.Persistence.PostgreSql;
using Actors.Persistence.Tests.Contract;
using Actors.Persistence.Tests.Infrastructure;
using Npgsql;

namespace Actors.Persistence.Tests.PostgreSql;

public sealed class PostgreSqlJournalTests : JournalContract, IPostgresTests
{
    private readonly string _schema = TestPostgres.NewSchemaName();

    protected override IJournal Open(int maxBatchSize = 512) =>
        new PostgreSqlJournal(new PostgreSqlJournalSettings { ConnectionString = TestPostgres.ConnectionString, Schema = _schema, MaxBatchSize = maxBatchSize });

    protected override GroupCommitStatistics StatisticsOf(IJournal journal) => ((PostgreSqlJournal)journal).Statistics;

    protected override async Task<IAsyncDisposable> HoldWriteLockAsync() =>
        await PostgreSqlTableLock.TakeAsync($"\"{_schema}\".journal");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await TestPostgres.DropSchemaAsync(_schema);
    }

    [BackendFact]
    public void Settings_are_validated_with_messages_that_name_the_setting()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new PostgreSqlJournal(new PostgreSqlJournalSettings { ConnectionString = "Host=x", Schema = "bad; DROP TABLE x" }));
        Assert.Contains("Schema", e.Message);
        e = Assert.Throws<ArgumentException>(() => new PostgreSqlJournal(new PostgreSqlJournalSettings { ConnectionString = "" }));
        Assert.Contains("ConnectionString", e.Message);
        e = Assert.Throws<ArgumentException>(() => new PostgreSqlJournal(new PostgreSqlJournalSettings { ConnectionString = "NoSuchKeyword=1" }));
        Assert.Contains("ConnectionString", e.Message);
        e = Assert.Throws<ArgumentException>(() => new PostgreSqlJournal(new PostgreSqlJournalSettings { ConnectionString = "Host=x", MaxBatchSize = 0 }));
        Assert.Contains("MaxBatchSize", e.Message);
    }

    [BackendFact]
    public async Task Writes_fail_with_the_cause_while_the_server_refuses_them_and_succeed_after()
    {
        await WriteSuccessfullyAsync(Journal, TestEvents.Write("outage", 1));

        // Make every insert fail for a while, as a transient server-side problem would.
        await TestPostgres.ExecuteAsync($"ALTER TABLE \"{_schema}\".journal ADD CONSTRAINT no_writes CHECK (sequence_nr < 0) NOT VALID");
        IReadOnlyList<WriteOutcome> failed = await Journal.WriteAsync([TestEvents.Write("outage", 2), TestEvents.Write("bystander", 1)]);
        await TestPostgres.ExecuteAsync($"ALTER TABLE \"{_schema}\".journal DROP CONSTRAINT no_writes");

        Assert.All(failed, o => Assert.IsType<PostgresException>(o.Error));
        Assert.Empty(await ReplayAsync(Journal, "bystander"));
        await WriteSuccessfullyAsync(Journal, TestEvents.Write("outage", 2), TestEvents.Write("bystander", 1));
    }

    [BackendFact]
    public async Task The_writer_reconnects_after_its_connection_is_killed()
    {
        await WriteSuccessfullyAsync(Journal, TestEvents.Write("reconnect", 1));
        await TestPostgres.ExecuteAsync(
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() AND query LIKE '%INSERT INTO \"{_schema}\".journal%'");

        // The first write after the kill may fail with the broken connection; the journal recovers by itself.
        WriteOutcome outcome = (await Journal.WriteAsync([TestEvents.Write("reconnect", 2)]))[0];
        if (!outcome.IsSuccess)
        {
            Assert.IsAssignableFrom<NpgsqlException>(outcome.Error);
            outcome = (await Journal.WriteAsync([TestEvents.Write("reconnect", 2)]))[0];
        }

        Assert.True(outcome.IsSuccess, outcome.ToString());
        Assert.Equal(2, await Journal.ReadHighestSequenceNrAsync("reconnect", 0));
    }
}
