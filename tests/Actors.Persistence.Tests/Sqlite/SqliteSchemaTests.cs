using Actors.Persistence.Journal;
using Actors.Persistence.Snapshots;
using Actors.Persistence.Sqlite;
using Actors.Persistence.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Actors.Persistence.Tests.Sqlite;

/// <summary>Databases the SQLite stores must refuse, leaving them byte for byte as they were.</summary>
public sealed class SqliteSchemaTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Creates_a_versioned_schema_in_a_new_file_and_reopens_it()
    {
        await using (IJournal journal = NewJournal())
        {
            await journal.InitializeAsync();
        }

        Assert.Equal(1L, Scalar(JournalPath, "SELECT version FROM schema_version WHERE component = 'journal'"));
        Assert.Equal("wal", Scalar(JournalPath, "PRAGMA journal_mode"));

        await using IJournal again = NewJournal();
        await again.InitializeAsync();
    }

    [Fact]
    public async Task Accepts_an_empty_file_as_a_new_database()
    {
        await File.WriteAllBytesAsync(JournalPath, []);
        await using IJournal journal = NewJournal();

        await journal.InitializeAsync();

        Assert.Equal(1L, Scalar(JournalPath, "SELECT version FROM schema_version WHERE component = 'journal'"));
    }

    [Fact]
    public async Task Refuses_a_file_that_is_not_a_sqlite_database()
    {
        byte[] garbage = new byte[8192];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(JournalPath, garbage);

        await using IJournal journal = NewJournal();
        PersistenceSchemaException e = await Assert.ThrowsAsync<PersistenceSchemaException>(() => journal.InitializeAsync());

        Assert.Equal(JournalPath, e.Location);
        Assert.Contains(JournalPath, e.Message);
        Assert.Contains("not a SQLite database", e.Message);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(JournalPath));
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.WriteAsync([TestEvents.Write("x", 1)]));
    }

    [Fact]
    public async Task Refuses_a_short_file()
    {
        byte[] text = "hello"u8.ToArray();
        await File.WriteAllBytesAsync(SnapshotPath, text);

        await using ISnapshotStore store = NewSnapshotStore();
        PersistenceSchemaException e = await Assert.ThrowsAsync<PersistenceSchemaException>(() => store.InitializeAsync());

        Assert.Contains(SnapshotPath, e.Message);
        Assert.Equal(text, await File.ReadAllBytesAsync(SnapshotPath));
    }

    [Fact]
    public async Task Refuses_a_sqlite_file_whose_pages_are_corrupt()
    {
        await using (IJournal journal = NewJournal())
        {
            await journal.InitializeAsync();
            Assert.True((await journal.WriteAsync([TestEvents.Write("c", 1, 50)]))[0].IsSuccess);
        }

        // Keep the header, scramble the rest.
        byte[] bytes = await File.ReadAllBytesAsync(JournalPath);
        new Random(3).NextBytes(bytes.AsSpan(100));
        await File.WriteAllBytesAsync(JournalPath, bytes);

        await using IJournal corrupt = NewJournal();
        PersistenceSchemaException e = await Assert.ThrowsAsync<PersistenceSchemaException>(() => corrupt.InitializeAsync());

        Assert.Contains(JournalPath, e.Message);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(JournalPath));
    }

    [Fact]
    public async Task Refuses_a_newer_schema_version_and_leaves_the_file_untouched()
    {
        await using (IJournal journal = NewJournal())
        {
            await journal.InitializeAsync();
            Assert.True((await journal.WriteAsync([TestEvents.Write("v", 1, 3)]))[0].IsSuccess);
        }

        Execute(JournalPath, "UPDATE schema_version SET version = 99 WHERE component = 'journal'");
        byte[] before = await File.ReadAllBytesAsync(JournalPath);

        await using IJournal newer = NewJournal();
        PersistenceSchemaException e = await Assert.ThrowsAsync<PersistenceSchemaException>(() => newer.InitializeAsync());

        Assert.Contains(JournalPath, e.Message);
        Assert.Contains("version 99", e.Message);
        Assert.Contains("newer", e.Message);
        Assert.Equal(before, await File.ReadAllBytesAsync(JournalPath));
    }

    [Fact]
    public async Task Refuses_a_newer_snapshot_schema_version()
    {
        await using (ISnapshotStore store = NewSnapshotStore())
        {
            await store.InitializeAsync();
        }

        Execute(SnapshotPath, "UPDATE schema_version SET version = 2 WHERE component = 'snapshot-store'");
        byte[] before = await File.ReadAllBytesAsync(SnapshotPath);

        await using ISnapshotStore newer = NewSnapshotStore();
        PersistenceSchemaException e = await Assert.ThrowsAsync<PersistenceSchemaException>(() => newer.InitializeAsync());

        Assert.Contains("version 2", e.Message);
        Assert.Equal(before, await File.ReadAllBytesAsync(SnapshotPath));
    }

    [Fact]
    public async Task Refuses_another_applications_database()
    {
        Execute(JournalPath, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada');");
        byte[] before = await File.ReadAllBytesAsync(JournalPath);

        await using IJournal journal = NewJournal();
        PersistenceSchemaException e = await Assert.ThrowsAsync<PersistenceSchemaException>(() => journal.InitializeAsync());

        Assert.Contains("customers", e.Message);
        Assert.Contains("schema_version", e.Message);
        Assert.Equal(before, await File.ReadAllBytesAsync(JournalPath));
    }

    [Fact]
    public async Task Refuses_a_folder_where_the_file_should_be()
    {
        Directory.CreateDirectory(JournalPath);

        await using IJournal journal = NewJournal();
        PersistenceSchemaException e = await Assert.ThrowsAsync<PersistenceSchemaException>(() => journal.InitializeAsync());

        Assert.Contains("folder", e.Message);
    }

    [Fact]
    public async Task Creates_a_missing_data_directory()
    {
        string nested = Path.Combine(_directory.Path, "a", "b");
        await using var journal = new SqliteJournal(new SqliteJournalSettings { DataDirectory = nested });

        await journal.InitializeAsync();

        Assert.True(File.Exists(Path.Combine(nested, "journal.db")));
    }

    private string JournalPath => Path.Combine(_directory.Path, "journal.db");

    private string SnapshotPath => Path.Combine(_directory.Path, "snapshots.db");

    private SqliteJournal NewJournal() => new(new SqliteJournalSettings { DataDirectory = _directory.Path });

    private SqliteSnapshotStore NewSnapshotStore() => new(new SqliteSnapshotStoreSettings { DataDirectory = _directory.Path });

    private static void Execute(string path, string sql)
    {
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        Assert.False(File.Exists(path + "-wal"), "The last connection's close checkpoints the WAL into the file.");
    }

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
