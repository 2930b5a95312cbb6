using Npgsql;

namespace Actors.Store.Cluster;

/// <summary>
/// A node's connections to the cluster's database: a pool for short statements (heartbeats, view reads, releases), and
/// unpooled sessions for what lives in a session — the coordinator's advisory lock and the change notifications — so
/// that closing such a connection really ends its session (and releases the lock).
/// </summary>
internal sealed class ClusterConnections : IAsyncDisposable
{
    public ClusterConnections(ClusterSettings settings)
    {
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString)
        {
            // Shows in pg_stat_activity which node a session belongs to.
            ApplicationName = $"actors-cluster {settings.NodeName}",
        };
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32; // a few fixed statements, run over and over
        }

        // A connection that takes longer than the failure timeout to open is of no use to a heartbeat or a coordinator:
        // give up then, so that attempts do not pile up while the database is unreachable.
        int failureSeconds = (int)Math.Ceiling(settings.FailureTimeout.TotalSeconds);
        if (builder.Timeout == 0 || builder.Timeout > failureSeconds)
        {
            builder.Timeout = Math.Max(1, failureSeconds);
        }

        Location = $"{builder.Host}:{builder.Port} database {builder.Database ?? builder.Username}";
        Pool = NpgsqlDataSource.Create(builder.ConnectionString);
        builder.Pooling = false;
        Sessions = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Pooled connections for single statements and short transactions.</summary>
    public NpgsqlDataSource Pool { get; }

    /// <summary>Unpooled connections for sessions: closing one ends its session.</summary>
    public NpgsqlDataSource Sessions { get; }

    /// <summary>host:port and database, for messages.</summary>
    public string Location { get; }

    public async ValueTask DisposeAsync()
    {
        await Sessions.DisposeAsync().ConfigureAwait(false);
        await Pool.DisposeAsync().ConfigureAwait(false);
    }
}
