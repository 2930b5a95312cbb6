using Actors.Persistence.Journal;
using Actors.Persistence.PostgreSql;
using Actors.Persistence.Snapshots;
using Actors.Persistence.Tests.Infrastructure;

namespace Actors.Persistence.Tests.PostgreSql;

/// <summary>Schemas the PostgreSQL stores must refuse without changing them, and ones they must accept.</summary>
public sealed class PostgreSqlSchemaTests : IAsyncLifetime, IPostgresTests
{
    private readonly string _schema = TestPostgres.NewSchemaName();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestPostgres.DropSchemaAsync(_schema);

    [BackendFact]
    public async Task Creates_a_versioned_schema_and_reopens_it()
    {
        await using (IJournal journal = NewJournal())
        {
            await journal.InitializeAsync();
        }

        Assert.Equal(1, await TestPostgres.ScalarAsync($"SELECT version FROM \"{_schema}\".schema_version WHERE component = 'journal'"));

        await using IJournal again = NewJournal();
        await again.InitializeAsync();
    }

    [BackendFact]
    public async Task Concurrent_initializations_agree()
    {
        IJournal[] journals = Enumerable.Range(0, 4).Select(_ => (IJournal)NewJournal()).ToArray();
        ISnapshotStore[] stores = Enumerable.Range(0, 4).Select(_ => (ISnapshotStore)NewSnapshotStore()).ToArray();

        await Task.WhenAll(journals.Select(j => j.InitializeAsync()).Concat(stores.Select(s => s.InitializeAsync())));

        foreach (IAsyncDisposable store in journals.Cast<IAsyncDisposable>().Concat(stores))
        {
            await store.DisposeAsync();
        }

        Assert.Equal(2L, await TestPostgres.ScalarAsync($"SELECT count(*) FROM \"{_schema}\".schema_version"));
    }

    [BackendFact]
    public async Task Refuses_a_newer_schema_version_and_leaves_it_untouched()
    {
        await using (IJournal journal = NewJournal())
        {
            await journal.InitializeAsync();
            Assert.True((await journal.WriteAsync([TestEvents.Write("v", 1)]))[0].IsSuccess);
        }

        await TestPostgres.ExecuteAsync($"UPDATE \"{_schema}\".schema_version SET version = 42 WHERE component = 'journal'");

        await using IJournal newer = NewJournal();
        PersistenceSchemaException e = await Assert.ThrowsAsync<PersistenceSchemaException>(() => newer.InitializeAsync());

        Assert.Contains(_schema, e.Message);
        Assert.Contains("version 42", e.Message);
        Assert.Contains("newer", e.Message);
        Assert.Equal(42, await TestPostgres.ScalarAsync($"SELECT version FROM \"{_schema}\".schema_version WHERE component = 'journal'"));
        Assert.Equal(1L, await TestPostgres.ScalarAsync($"SELECT count(*) FROM \"{_schema}\".journal"));
    }

    [BackendFact]
    public async Task Refuses_tables_it_did_not_create()
    {
        await TestPostgres.ExecuteAsync($"CREATE SCHEMA \"{_schema}\"; CREATE TABLE \"{_schema}\".snapshot (id int); INSERT INTO \"{_schema}\".snapshot VALUES (1);");

        await using ISnapshotStore store = NewSnapshotStore();
        PersistenceSchemaException e = await Assert.ThrowsAsync<PersistenceSchemaException>(() => store.InitializeAsync());

        Assert.Contains("snapshot", e.Message);
        Assert.Equal(1L, await TestPostgres.ScalarAsync($"SELECT count(*) FROM \"{_schema}\".snapshot"));
        Assert.Equal(0L, await TestPostgres.ScalarAsync($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{_schema}' AND table_name = 'schema_version'"));
    }

    [BackendFact]
    public async Task Other_tables_in_the_schema_are_left_alone()
    {
        await TestPostgres.ExecuteAsync($"CREATE SCHEMA \"{_schema}\"; CREATE TABLE \"{_schema}\".customers (id int);");

        await using IJournal journal = NewJournal();
        await journal.InitializeAsync();

        Assert.Equal(0L, await TestPostgres.ScalarAsync($"SELECT count(*) FROM \"{_schema}\".customers"));
    }

    private PostgreSqlJournal NewJournal() =>
        new(new PostgreSqlJournalSettings { ConnectionString = TestPostgres.ConnectionString, Schema = _schema });

    private PostgreSqlSnapshotStore NewSnapshotStore() =>
        new(new PostgreSqlSnapshotStoreSettings { ConnectionString = TestPostgres.ConnectionString, Schema = _schema });
}
