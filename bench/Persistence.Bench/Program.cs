using System.Diagnostics;
using Actors.Persistence;
using Actors.Persistence.Journal;
using Actors.Persistence.PostgreSql;
using Actors.Persistence.Sqlite;
using Npgsql;

// Measures the journal's write and replay throughput. See README.md beside this file.
var options = BenchOptions.Parse(args);
var results = new List<string>();
string root = Path.Combine(Path.GetTempPath(), $"persistence-bench-{Environment.ProcessId}");
Directory.CreateDirectory(root);
try
{
    foreach (string scenario in options.Scenarios)
    {
        string line = scenario switch
        {
            "sqlite" => await WriteBench.RunAsync("SQLite batched, group commit", () => Sqlite(root, SqliteDurability.Batched, options.MaxBatchSize), options),
            "sqlite-batch1" => await WriteBench.RunAsync("SQLite batched, max-batch-size=1", () => Sqlite(root, SqliteDurability.Batched, 1), options),
            "sqlite-strict" => await WriteBench.RunAsync("SQLite strict, group commit", () => Sqlite(root, SqliteDurability.Strict, options.MaxBatchSize), options),
            "sqlite-strict-batch1" => await WriteBench.RunAsync("SQLite strict, max-batch-size=1", () => Sqlite(root, SqliteDurability.Strict, 1), options),
            "postgres" => await WriteBench.RunAsync("PostgreSQL, group commit", () => Postgres(options, options.MaxBatchSize), options),
            "postgres-batch1" => await WriteBench.RunAsync("PostgreSQL, max-batch-size=1", () => Postgres(options, 1), options),
            "replay" => await ReplayBench.RunAsync("SQLite replay", () => Sqlite(root, SqliteDurability.Batched, options.MaxBatchSize), options),
            "postgres-replay" => await ReplayBench.RunAsync("PostgreSQL replay", () => Postgres(options, options.MaxBatchSize), options),
            _ => throw new ArgumentException($"Unknown scenario '{scenario}'."),
        };
        results.Add(line);
        Console.WriteLine(line);
    }

    Console.WriteLine();
    Console.WriteLine($"Summary ({Environment.ProcessorCount} cores, {options.Writers} writers, {options.PayloadBytes}-byte payloads, {options.Seconds} s per write run):");
    foreach (string line in results)
    {
        Console.WriteLine("  " + line);
    }
}
finally
{
    Directory.Delete(root, recursive: true);
}

static async Task<IJournal> Sqlite(string root, SqliteDurability durability, int maxBatchSize)
{
    var journal = new SqliteJournal(new SqliteJournalSettings
    {
        DataDirectory = Path.Combine(root, Guid.NewGuid().ToString("N")),
        Durability = durability,
        MaxBatchSize = maxBatchSize,
    });
    await journal.InitializeAsync();
    return journal;
}

static async Task<IJournal> Postgres(BenchOptions options, int maxBatchSize)
{
    string connectionString = options.PostgresConnectionString
        ?? throw new InvalidOperationException("PostgreSQL scenarios need --postgres CONNECTION-STRING or ACTORS_TEST_POSTGRES (scripts/postgres.sh start prints one).");
    string schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
    var journal = new PostgreSqlJournal(new PostgreSqlJournalSettings
    {
        ConnectionString = connectionString,
        Schema = schema,
        MaxBatchSize = maxBatchSize,
    });
    await journal.InitializeAsync();
    return new DroppingSchema(journal, connectionString, schema);
}

/// <summary>A PostgreSQL journal whose schema is dropped when the benchmark is done with it.</summary>
sealed class DroppingSchema(PostgreSqlJournal inner, string connectionString, string schema) : IJournal
{
    public GroupCommitStatistics Statistics => inner.Statistics;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(writes, cancellationToken);

    public IAsyncEnumerable<PersistentRepr> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, CancellationToken cancellationToken = default) =>
        inner.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken);

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default) =>
        inner.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        inner.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
