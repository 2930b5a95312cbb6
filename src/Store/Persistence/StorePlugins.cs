using System.Data.Common;
using Actors.Store.Configuration;
using Actors.Store.Events;
using LinqToDB;
using LinqToDB.Interceptors;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Actors.Store.Persistence;

using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;

/// <summary>
/// The Akka.Persistence plugins a store's shards journal to, configured from <see cref="StoreSettings"/> into the
/// application's own actor system: Akka.Persistence.Sql on SQLite (files under <c>store.data-dir</c>, WAL) or
/// PostgreSQL (a schema of its own), tables created at start; Akka's in-memory journal for <c>durability = none</c>;
/// and the store's serializer for what they hold. Each store gets plugin ids of its own, so it never shares a journal
/// with the application's other persistent actors.
/// </summary>
internal sealed class StorePlugins
{
    private StorePlugins(string journalPluginId, string snapshotPluginId, string location)
    {
        JournalPluginId = journalPluginId;
        SnapshotPluginId = snapshotPluginId;
        Location = location;
    }

    public string JournalPluginId { get; }

    public string SnapshotPluginId { get; }

    /// <summary>Where the data lives, for messages: the SQLite file or the PostgreSQL schema.</summary>
    public string Location { get; }

    /// <summary>The SQLite file of a store's journal in <paramref name="dataDirectory"/>.</summary>
    public static string JournalFile(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "store-journal.db");

    /// <summary>The SQLite file of a store's snapshots in <paramref name="dataDirectory"/>.</summary>
    public static string SnapshotFile(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "store-snapshots.db");

    /// <summary>
    /// Registers the serializer and the plugins in <paramref name="system"/> (before any shard starts) and prepares the
    /// database: the SQLite files are opened (a file that is not a database is refused, untouched) and switched to
    /// WAL; the PostgreSQL schema is created if missing.
    /// </summary>
    public static async Task<StorePlugins> ConfigureAsync(ActorSystem system, StoreSettings settings, string name, CancellationToken cancellationToken)
    {
        RegisterSerializer(system);
        var (journalId, snapshotId) = PluginIds(settings, name);
        if (settings.Durability == Durability.None)
        {
            return new StorePlugins(journalId, snapshotId, "memory (durability = none)");
        }

        string location;
        if (settings.Backend == StoreBackend.Sqlite)
        {
            Directory.CreateDirectory(Path.GetFullPath(settings.DataDirectory));
            var journalFile = JournalFile(settings.DataDirectory);
            PrepareSqlite(journalFile);
            PrepareSqlite(SnapshotFile(settings.DataDirectory));
            location = journalFile;
            UseSqlitePragmas(system, journalId, SqliteConnectionString(journalFile), settings.Durability);
            UseSqlitePragmas(system, snapshotId, SqliteConnectionString(SnapshotFile(settings.DataDirectory)), settings.Durability);
        }
        else
        {
            await CreateSchemaAsync(settings, cancellationToken).ConfigureAwait(false);
            location = $"PostgreSQL schema '{settings.PostgreSqlSchema}'";
        }

        system.Settings.InjectTopLevelFallback(ConfigurationFactory.ParseString(PluginHocon(settings, name)).WithFallback(SqlPersistence.DefaultConfiguration));
        return new StorePlugins(journalId, snapshotId, location);
    }

    /// <summary>The name of the plugins of the store named <paramref name="storeName"/>: <c>actors-{storeName}</c>.</summary>
    public static string PluginName(string storeName) => $"actors-{storeName}";

    /// <summary>The journal and snapshot plugin ids of the plugins named <paramref name="name"/>.</summary>
    public static (string Journal, string Snapshot) PluginIds(StoreSettings settings, string name) =>
        settings.Durability == Durability.None
            ? ("akka.persistence.journal.inmem", "akka.persistence.snapshot-store.inmem")
            : ($"akka.persistence.journal.{name}", $"akka.persistence.snapshot-store.{name}");

    /// <summary>
    /// The HOCON of the store's journal and snapshot plugins, derived from <paramref name="settings"/> (empty for
    /// <c>durability = none</c>, which uses Akka's in-memory plugins). Pure: nothing is created or opened.
    /// </summary>
    public static string PluginHocon(StoreSettings settings, string name)
    {
        if (settings.Durability == Durability.None)
        {
            return string.Empty;
        }

        var (journalId, snapshotId) = PluginIds(settings, name);
        string provider, journalConnection, snapshotConnection, extra;
        if (settings.Backend == StoreBackend.Sqlite)
        {
            provider = ProviderName.SQLiteMS;
            journalConnection = SqliteConnectionString(JournalFile(settings.DataDirectory));
            snapshotConnection = SqliteConnectionString(SnapshotFile(settings.DataDirectory));

            // SQLite takes one writer at a time: more parallel writes only wait for its lock.
            extra = "parallelism = 1";
        }
        else
        {
            provider = ProviderName.PostgreSQL;
            journalConnection = snapshotConnection = settings.PostgreSqlConnectionString;
            extra = $"default.schema-name = {Quote(settings.PostgreSqlSchema)}";
        }

        return $$"""
            {{journalId}} {
              class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
              plugin-id = {{Quote(journalId)}}
              connection-string = {{Quote(journalConnection)}}
              provider-name = {{Quote(provider)}}
              auto-initialize = on
              # store.journal.max-batch-size: the most rows the plugin puts into one transaction, across shards.
              batch-size = {{settings.MaxBatchSize}}
              {{extra}}
            }
            {{snapshotId}} {
              class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
              plugin-id = {{Quote(snapshotId)}}
              connection-string = {{Quote(snapshotConnection)}}
              provider-name = {{Quote(provider)}}
              auto-initialize = on
              {{(settings.Backend == StoreBackend.Sqlite ? string.Empty : extra)}}
            }
            """;
    }

    private static string SqliteConnectionString(string file) => $"Data Source={file}";

    // As configuration, not through Serialization.AddSerializer: Akka.NET builds its serialization anew from the
    // configuration whenever a plugin injects defaults of its own, which would drop a serializer added in code.
    private static void RegisterSerializer(ActorSystem system) =>
        system.Settings.InjectTopLevelFallback(ConfigurationFactory.ParseString(StoreSerializer.Configuration));

    private static void PrepareSqlite(string file)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={file}");
            connection.Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL";
            wal.ExecuteNonQuery();
        }
        catch (SqliteException error) when (error.SqliteErrorCode is 26 /* SQLITE_NOTADB */ or 11 /* SQLITE_CORRUPT */)
        {
            throw new StoreUnavailableException($"The store cannot start: {file} is not a SQLite database ({error.Message}). It was left untouched; move it away or point store.data-dir elsewhere.", error);
        }
    }

    // How often SQLite flushes to the disk is a setting of each connection, not of the file: the store's journal and
    // snapshot plugins open their connections with it (batched: synchronous=NORMAL, the WAL is synced at checkpoints;
    // strict: FULL, every commit). It needs the system's MultiDataOptionsSetup (StoreActorSystem and WithActorStore give
    // one); without it SQLite keeps its default, FULL, which is strict.
    private static void UseSqlitePragmas(ActorSystem system, string pluginId, string connectionString, Durability durability)
    {
        if (system.Settings.Setup.Get<MultiDataOptionsSetup>() is not { HasValue: true } setup)
        {
            return;
        }

        var synchronous = durability == Durability.Strict ? "FULL" : "NORMAL";
        setup.Value.AddDataOptions(pluginId, new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, connectionString)
            .UseInterceptor(new SqlitePragmas($"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000")));
    }

    private static async Task CreateSchemaAsync(StoreSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(settings.PostgreSqlConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS \"{settings.PostgreSqlSchema.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new StoreUnavailableException($"The store cannot reach PostgreSQL (store.postgresql.connection-string): {error.GetBaseException().Message}", error);
        }
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Runs the store's PRAGMAs on every connection the plugin opens.</summary>
    private sealed class SqlitePragmas(string pragmas) : IConnectionInterceptor
    {
        public void ConnectionOpening(ConnectionEventData eventData, DbConnection connection)
        {
        }

        // Microsoft.Data.Sqlite completes its "async" calls synchronously, so without this the journal's whole
        // transaction would run inside the write stream's stage: that stage would always have room again by the time
        // the next write arrives, and Akka.Persistence.Sql would commit every write alone instead of batching the
        // writes of many shards into one transaction. Leaving the stage here lets the writes that arrive meanwhile
        // gather into the next batch (measured: about twice the acknowledged writes per second).
        public async Task ConnectionOpeningAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken) =>
            await Task.Yield();

        public void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
        }

        public async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
