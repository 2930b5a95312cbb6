using System.Text.RegularExpressions;
using Actors.Configuration;
using Actors.Persistence.PostgreSql;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Actors.Store.Cluster;

/// <summary>How a node takes part in a cluster (<c>cluster</c> in configuration; see <c>hocon/reference.conf</c>).</summary>
/// <remarks>
/// Every node of a cluster names the same PostgreSQL database and <see cref="Schema"/>; the shard map there is the
/// journal's fence table (<see cref="JournalFenceTable"/>), so the journal must live in the same database.
/// </remarks>
public sealed partial record ClusterSettings
{
    /// <summary>The longest schema name: the change notification channel is derived from it and must fit in 63 bytes.</summary>
    public const int MaxSchemaLength = 48;

    /// <summary><c>enabled</c>: whether the node joins a cluster at all.</summary>
    public bool Enabled { get; init; }

    /// <summary><c>node-name</c>: unique among the live members; stable across restarts of the same node.</summary>
    public string NodeName { get; init; } = string.Empty;

    /// <summary><c>advertised-url</c>: where the other nodes forward requests for this node's shards.</summary>
    public string AdvertisedUrl { get; init; } = string.Empty;

    /// <summary><c>postgres.connection-string</c>: the database holding membership, the shard map and the journal.</summary>
    public string ConnectionString { get; init; } = string.Empty;

    /// <summary><c>postgres.schema</c>: the schema of the cluster's tables, created on first use.</summary>
    public string Schema { get; init; } = "cluster";

    /// <summary><c>heartbeat-interval</c>.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>failure-timeout</c>: a member whose last heartbeat is older (by the database's clock) is down.</summary>
    public TimeSpan FailureTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>view-refresh-interval</c>: the safety net under change notifications.</summary>
    public TimeSpan ViewRefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>join-timeout</c>: the longest <see cref="ClusterNode.JoinAsync"/> may take.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>down-member-retention</c>: how long a down member stays listed before it is forgotten.</summary>
    public TimeSpan DownMemberRetention { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>rebalance.interval</c>: how often the coordinator checks members and shards.</summary>
    public TimeSpan RebalanceInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>rebalance.max-moves-per-round</c>: the most hand-offs in flight at once.</summary>
    public int MaxMovesPerRound { get; init; } = 4;

    /// <summary><c>rebalance.hand-off-timeout</c>: a live owner that has not released a shard by then keeps it.</summary>
    public TimeSpan HandOffTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The journal's fence table: the cluster's shard map, scope = shard id. Set it as
    /// <see cref="PostgreSqlJournalSettings.FenceTable"/> of the nodes' PostgreSQL journal.
    /// </summary>
    public PostgreSqlFenceTable JournalFenceTable => new(Schema, ClusterSchema.ShardsTable, "shard_id", "epoch");

    /// <summary>Reads the <c>cluster</c> section; a malformed value fails here with a message naming it.</summary>
    public static ClusterSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = configuration.GetSection("cluster");
        var postgres = cluster.GetSection("postgres");
        var rebalance = cluster.GetSection("rebalance");
        var defaults = new ClusterSettings();
        var settings = new ClusterSettings
        {
            Enabled = cluster.GetBoolean("enabled", defaults.Enabled),
            NodeName = cluster["node-name"] ?? string.Empty,
            AdvertisedUrl = cluster["advertised-url"] ?? string.Empty,
            ConnectionString = postgres["connection-string"] ?? string.Empty,
            Schema = postgres.GetString("schema", defaults.Schema),
            HeartbeatInterval = cluster.GetDuration("heartbeat-interval", defaults.HeartbeatInterval),
            FailureTimeout = cluster.GetDuration("failure-timeout", defaults.FailureTimeout),
            ViewRefreshInterval = cluster.GetDuration("view-refresh-interval", defaults.ViewRefreshInterval),
            JoinTimeout = cluster.GetDuration("join-timeout", defaults.JoinTimeout),
            DownMemberRetention = cluster.GetDuration("down-member-retention", defaults.DownMemberRetention),
            RebalanceInterval = rebalance.GetDuration("interval", defaults.RebalanceInterval),
            MaxMovesPerRound = rebalance.GetInt32("max-moves-per-round", defaults.MaxMovesPerRound, min: 1, max: 65_536),
            HandOffTimeout = rebalance.GetDuration("hand-off-timeout", defaults.HandOffTimeout),
        };

        if (settings.Enabled)
        {
            settings.Validate();
        }

        return settings;
    }

    /// <summary>Checks the settings a node needs to join; a bad one fails with a message naming it in HOCON form.</summary>
    /// <exception cref="InvalidConfigurationException">A setting is missing or out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(NodeName) || !NodeNamePattern().IsMatch(NodeName))
        {
            throw new InvalidConfigurationException(
                "cluster.node-name",
                $"'{NodeName}' is not a node name; every node needs a unique one of letters, digits, '.', '_' and '-' (at most 100), such as node-1.");
        }

        if (!Uri.TryCreate(AdvertisedUrl, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidConfigurationException(
                "cluster.advertised-url",
                $"'{AdvertisedUrl}' is not an absolute http(s) URL; set where the other nodes reach this one, such as http://10.0.0.5:5080.");
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidConfigurationException(
                "cluster.postgres.connection-string",
                "is empty; the cluster is coordinated through PostgreSQL, e.g. \"Host=10.0.0.2;Username=store;Database=store\" (it defaults to store.postgresql.connection-string).");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidConfigurationException("cluster.postgres.connection-string", $"is not a valid Npgsql connection string: {e.Message}");
        }

        if (Schema is null || Schema.Length > MaxSchemaLength || !SchemaPattern().IsMatch(Schema))
        {
            throw new InvalidConfigurationException(
                "cluster.postgres.schema",
                $"'{Schema}' is not a plain PostgreSQL identifier of at most {MaxSchemaLength} characters (a letter or underscore, then letters, digits or underscores).");
        }

        RequirePositive(HeartbeatInterval, "cluster.heartbeat-interval", "1s");
        RequirePositive(ViewRefreshInterval, "cluster.view-refresh-interval", "5s");
        RequirePositive(JoinTimeout, "cluster.join-timeout", "30s");
        RequirePositive(RebalanceInterval, "cluster.rebalance.interval", "1s");
        RequirePositive(HandOffTimeout, "cluster.rebalance.hand-off-timeout", "10s");
        if (FailureTimeout < 2 * HeartbeatInterval)
        {
            throw new InvalidConfigurationException(
                "cluster.failure-timeout",
                $"{FailureTimeout.TotalMilliseconds} ms is less than twice cluster.heartbeat-interval ({HeartbeatInterval.TotalMilliseconds} ms): one late heartbeat would mark a live node down.");
        }

        // The coordinator's session is ended by the server after failure-timeout without a statement (so that a paused
        // coordinator cannot keep its lock), and it runs one statement per round at least.
        if (RebalanceInterval > FailureTimeout / 2)
        {
            throw new InvalidConfigurationException(
                "cluster.rebalance.interval",
                $"{RebalanceInterval.TotalMilliseconds} ms is more than half of cluster.failure-timeout ({FailureTimeout.TotalMilliseconds} ms); the coordinator would lose its lock between rounds.");
        }

        if (MaxMovesPerRound < 1)
        {
            throw new InvalidConfigurationException("cluster.rebalance.max-moves-per-round", $"{MaxMovesPerRound} is not valid; expected a whole number from 1.");
        }

        if (DownMemberRetention < TimeSpan.Zero)
        {
            throw new InvalidConfigurationException("cluster.down-member-retention", "must not be negative.");
        }
    }

    private static void RequirePositive(TimeSpan value, string path, string example)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new InvalidConfigurationException(path, $"{value.TotalMilliseconds} ms is not valid; expected a positive duration such as {example}.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex NodeNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaPattern();
}
