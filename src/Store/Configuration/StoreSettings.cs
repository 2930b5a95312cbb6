using Actors.Configuration;
using Actors.Mailboxes;
using Microsoft.Extensions.Configuration;

namespace Actors.Store.Configuration;

/// <summary>How data is kept durable.</summary>
public enum Durability
{
    /// <summary>Memory only: nothing survives a restart. For benchmarks.</summary>
    None,

    /// <summary>A reply is sent after the group commit that holds the write (SQLite: WAL, synchronous=NORMAL).</summary>
    Batched,

    /// <summary>As batched, and every commit is flushed to disk (SQLite: synchronous=FULL).</summary>
    Strict,
}

/// <summary>Where the journal lives.</summary>
public enum StoreBackend
{
    /// <summary>Embedded SQLite files under <see cref="StoreSettings.DataDirectory"/>.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database.</summary>
    PostgreSql,
}

/// <summary>The store's settings (<c>store</c> in configuration; see <c>hocon/reference.conf</c>).</summary>
public sealed record StoreSettings
{
    private static readonly Dictionary<string, Durability> DurabilityNames = new(StringComparer.Ordinal)
    {
        ["none"] = Durability.None,
        ["batched"] = Durability.Batched,
        ["strict"] = Durability.Strict,
    };

    private static readonly Dictionary<string, StoreBackend> BackendNames = new(StringComparer.Ordinal)
    {
        ["sqlite"] = StoreBackend.Sqlite,
        ["postgresql"] = StoreBackend.PostgreSql,
    };

    /// <summary>Number of shards (<c>shards</c>).</summary>
    public int Shards { get; init; } = 16;

    /// <summary><c>durability</c>.</summary>
    public Durability Durability { get; init; } = Durability.Batched;

    /// <summary><c>backend</c>.</summary>
    public StoreBackend Backend { get; init; } = StoreBackend.Sqlite;

    /// <summary><c>data-dir</c>.</summary>
    public string DataDirectory { get; init; } = "./data";

    /// <summary><c>postgresql.connection-string</c>.</summary>
    public string PostgreSqlConnectionString { get; init; } = string.Empty;

    /// <summary><c>postgresql.schema</c>.</summary>
    public string PostgreSqlSchema { get; init; } = "public";

    /// <summary><c>journal.max-batch-size</c>.</summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary><c>journal.max-events-per-write</c>.</summary>
    public int MaxEventsPerWrite { get; init; }

    /// <summary><c>journal.max-pending-events</c>.</summary>
    public int MaxPendingEvents { get; init; } = 4096;

    /// <summary>The mailbox id that means the actor system's default (unbounded) mailbox.</summary>
    public const string DefaultMailbox = "default-mailbox";

    /// <summary><c>mailbox</c>: the shard actors' mailbox id.</summary>
    public string Mailbox { get; init; } = DefaultMailbox;

    /// <summary><c>max-key-bytes</c>.</summary>
    public int MaxKeyBytes { get; init; } = 1024;

    /// <summary><c>max-value-bytes</c>.</summary>
    public int MaxValueBytes { get; init; } = 1024 * 1024;

    /// <summary><c>snapshot-every</c>.</summary>
    public int SnapshotEvery { get; init; } = 50_000;

    /// <summary><c>ttl-sweep-interval</c>.</summary>
    public TimeSpan TtlSweepInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>tombstone-retention</c>.</summary>
    public TimeSpan TombstoneRetention { get; init; } = TimeSpan.FromHours(1);

    /// <summary><c>request-timeout</c>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>start-timeout</c>: how long opening the data may take before the start fails.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Clustered: the table of shard epochs that fences journal writes (set from the cluster settings, not configured).
    /// </summary>
    public Actors.Persistence.PostgreSql.PostgreSqlFenceTable? FenceTable { get; init; }

    /// <summary>The configuration name of <see cref="Durability"/>.</summary>
    public string DurabilityName => DurabilityNames.First(kv => kv.Value == Durability).Key;

    /// <summary>Reads the <c>store</c> section; a malformed value fails here with a message naming it.</summary>
    public static StoreSettings FromConfiguration(IConfiguration configuration)
    {
        var store = configuration.GetSection("store");
        var defaults = new StoreSettings();
        var settings = new StoreSettings
        {
            Shards = store.GetInt32("shards", defaults.Shards, min: 1, max: 65_536),
            Durability = store.GetChoice("durability", defaults.Durability, DurabilityNames),
            Backend = store.GetChoice("backend", defaults.Backend, BackendNames),
            DataDirectory = store.GetString("data-dir", defaults.DataDirectory),
            PostgreSqlConnectionString = store.GetSection("postgresql")["connection-string"] ?? string.Empty,
            PostgreSqlSchema = store.GetSection("postgresql").GetString("schema", defaults.PostgreSqlSchema),
            MaxBatchSize = store.GetSection("journal").GetInt32("max-batch-size", defaults.MaxBatchSize, min: 1, max: 100_000),
            MaxPendingEvents = store.GetSection("journal").GetInt32("max-pending-events", defaults.MaxPendingEvents, min: 1),
            MaxEventsPerWrite = store.GetSection("journal").GetInt32("max-events-per-write", defaults.MaxEventsPerWrite, min: 0),
            Mailbox = store.GetString("mailbox", defaults.Mailbox),
            MaxKeyBytes = (int)Math.Min(int.MaxValue, store.GetBytes("max-key-bytes", defaults.MaxKeyBytes)),
            MaxValueBytes = (int)Math.Min(int.MaxValue, store.GetBytes("max-value-bytes", defaults.MaxValueBytes)),
            SnapshotEvery = store.GetInt32("snapshot-every", defaults.SnapshotEvery, min: 0),
            TtlSweepInterval = store.GetDuration("ttl-sweep-interval", defaults.TtlSweepInterval),
            TombstoneRetention = store.GetDuration("tombstone-retention", defaults.TombstoneRetention),
            RequestTimeout = store.GetDuration("request-timeout", defaults.RequestTimeout),
            StartTimeout = store.GetDuration("start-timeout", defaults.StartTimeout),
        };

        if (settings.MaxKeyBytes < 1)
        {
            throw store.Invalid("max-key-bytes", store["max-key-bytes"], "at least 1B");
        }

        if (settings.TtlSweepInterval <= TimeSpan.Zero)
        {
            throw store.Invalid("ttl-sweep-interval", store["ttl-sweep-interval"], "a positive duration such as 1s");
        }

        if (settings.RequestTimeout <= TimeSpan.Zero)
        {
            throw store.Invalid("request-timeout", store["request-timeout"], "a positive duration such as 5s");
        }

        if (settings.Backend == StoreBackend.PostgreSql && settings.Durability != Durability.None && string.IsNullOrWhiteSpace(settings.PostgreSqlConnectionString))
        {
            throw new InvalidConfigurationException("store.postgresql.connection-string", "store.backend = postgresql needs a connection string, e.g. \"Host=127.0.0.1;Username=store;Database=store\".");
        }

        return settings;
    }
}
