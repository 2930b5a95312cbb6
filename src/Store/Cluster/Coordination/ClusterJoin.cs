using System.Diagnostics;
using System.Net.Sockets;
using Actors.Persistence;
using Actors.Persistence.PostgreSql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Actors.Store.Cluster;

/// <summary>
/// How a node joins: reach the database, create or check the cluster's tables, check the shard count, register this
/// incarnation, and read the first view. Every failure a configuration can cause ends here, with a message that says
/// what to change.
/// </summary>
internal static class ClusterJoin
{
    // "ACTC" in the high half of the advisory lock key, the cluster_meta table's OID in the low half.
    private const long LockKeyPrefix = 0x41435443L << 32;

    public static async Task<JoinedCluster> JoinAsync(ClusterConnections connections, ClusterSettings settings, int shardCount, ILogger logger, CancellationToken cancellationToken)
    {
        var sql = new ClusterSql(settings.Schema);
        await using NpgsqlConnection connection = await ConnectAsync(connections, cancellationToken).ConfigureAwait(false);
        await EnsureTablesAsync(connections, settings, connection, sql, shardCount, cancellationToken).ConfigureAwait(false);
        long oid = (long)(await ClusterCommands.ScalarAsync(connection, null, sql.LockKeyOid, cancellationToken, sql.MetaTableName).ConfigureAwait(false))!;

        var incarnation = Guid.NewGuid();
        long registeredAt = await RegisterAsync(connection, settings, sql, shardCount, incarnation, logger, cancellationToken).ConfigureAwait(false);
        ClusterView view = await ViewReader.ReadAsync(connections.Pool, sql, cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "Cluster node {Node} joined the cluster in schema {Schema} at {Location} as incarnation {Incarnation}: {View}.",
            settings.NodeName,
            settings.Schema,
            connections.Location,
            incarnation,
            view);
        return new JoinedCluster(incarnation, LockKeyPrefix | oid, view, registeredAt);
    }

    private static async Task<NpgsqlConnection> ConnectAsync(ClusterConnections connections, CancellationToken cancellationToken)
    {
        try
        {
            return await ClusterCommands.OpenAsync(connections.Pool, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new ClusterJoinException(
                ClusterJoinFailure.Unreachable,
                $"Cannot reach the cluster's PostgreSQL at {connections.Location} (cluster.postgres.connection-string): {e.GetBaseException().Message}. " +
                "Check that the server is running and reachable from this host, and that the connection string (host, port, user, password, database) is right.",
                e);
        }
    }

    private static async Task EnsureTablesAsync(
        ClusterConnections connections,
        ClusterSettings settings,
        NpgsqlConnection connection,
        ClusterSql sql,
        int shardCount,
        CancellationToken cancellationToken)
    {
        try
        {
            await PostgreSqlSchema.EnsureCreatedAsync(connections.Pool, settings.Schema, ClusterSchema.Definition, cancellationToken).ConfigureAwait(false);
        }
        catch (PersistenceSchemaException e)
        {
            throw new ClusterJoinException(ClusterJoinFailure.UnusableSchema, $"{e.Message} (cluster.postgres.schema)", e);
        }

        // The first node to join a new cluster sets its shard count and creates the shard rows; the others wait for its
        // transaction on the meta row's key and then find it there.
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await ClusterCommands.ExecuteAsync(connection, transaction, sql.CreateMeta, cancellationToken, shardCount).ConfigureAwait(false) == 1)
        {
            await ClusterCommands.ExecuteAsync(connection, transaction, sql.CreateShards, cancellationToken, shardCount).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Registers this incarnation under the node's name. A name held by a live member is refused; one whose member is
    /// down, or silent for longer than its failure timeout (a restart of this very node, typically), is taken over, and
    /// the shards still owned under that name move to the new incarnation under new epochs, fencing the old one off.
    /// </summary>
    /// <returns>When the registration was sent (<see cref="Stopwatch.GetTimestamp"/>): the member lease starts there.</returns>
    private static async Task<long> RegisterAsync(
        NpgsqlConnection connection,
        ClusterSettings settings,
        ClusterSql sql,
        int shardCount,
        Guid incarnation,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        DateTimeOffset? firstHeartbeatSeen = null;
        long firstSeenAt = 0;
        while (true)
        {
            long sentAt = Stopwatch.GetTimestamp();
            Holder? holder = await ClusterTransaction.RunAsync(connection, sql, async (transaction, meta) =>
            {
                if (meta.ShardCount != shardCount)
                {
                    throw new ClusterJoinException(
                        ClusterJoinFailure.ShardCountMismatch,
                        $"The cluster in PostgreSQL schema '{settings.Schema}' has {meta.ShardCount} shards, but this node was started with {shardCount} (store.shards). " +
                        $"Every node of a cluster must use the same shard count: set store.shards = {meta.ShardCount} on this node, or give a cluster of " +
                        $"{shardCount} shards a schema (cluster.postgres.schema) and a journal of its own. Nothing was changed.");
                }

                List<Holder> found = await ClusterCommands.ReadAsync(
                    connection,
                    transaction,
                    sql.FindMember,
                    r => new Holder(r.GetString(0), r.GetGuid(1), r.GetFieldValue<DateTimeOffset>(2), r.GetBoolean(3), r.GetFieldValue<TimeSpan>(4)),
                    cancellationToken,
                    settings.NodeName).ConfigureAwait(false);
                Holder? existing = found.FirstOrDefault();
                if (existing is { Live: true })
                {
                    return (existing, false);
                }

                await ClusterCommands.ExecuteAsync(
                    connection, transaction, sql.RegisterMember, cancellationToken, settings.NodeName, settings.AdvertisedUrl, incarnation, settings.FailureTimeout).ConfigureAwait(false);
                if (existing is not null)
                {
                    List<int> taken = await ClusterCommands.ReadAsync(connection, transaction, sql.TakeOverShards, r => r.GetInt32(0), cancellationToken, settings.NodeName).ConfigureAwait(false);
                    logger.LogInformation(
                        "Cluster node {Node} replaces its previous incarnation {Previous} (silent for {Silence}); it keeps its {Count} shards under new epochs.",
                        settings.NodeName,
                        existing.Incarnation,
                        existing.Silence,
                        taken.Count);
                }

                return ((Holder?)null, true);
            }, cancellationToken).ConfigureAwait(false);

            if (holder is null)
            {
                return sentAt;
            }

            // A live member has the name. If it is this node's previous incarnation, it is dead and its heartbeat will
            // not move again: wait until it has been silent for its failure timeout. A heartbeat that moves means
            // another node is running under the name.
            if (firstHeartbeatSeen is { } seen && holder.HeartbeatAt > seen)
            {
                throw Duplicate(settings, holder);
            }

            if (firstHeartbeatSeen is null)
            {
                firstHeartbeatSeen = holder.HeartbeatAt;
                firstSeenAt = sentAt;
                logger.LogInformation(
                    "Cluster node {Node}: a member of this name (incarnation {Incarnation}, {Url}) was heard from {Silence} ago; waiting to see whether it is alive " +
                    "or a previous run of this node.",
                    settings.NodeName,
                    holder.Incarnation,
                    holder.Url,
                    holder.Silence);
            }
            else if (Stopwatch.GetElapsedTime(firstSeenAt) > settings.FailureTimeout + settings.HeartbeatInterval)
            {
                throw Duplicate(settings, holder); // still live by the database's clock: its heartbeats are arriving
            }

            await Task.Delay(settings.HeartbeatInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ClusterJoinException Duplicate(ClusterSettings settings, Holder holder) => new(
        ClusterJoinFailure.DuplicateNodeName,
        $"Another live node is a member of the cluster under the name '{settings.NodeName}' (cluster.node-name): incarnation {holder.Incarnation} at {holder.Url}, " +
        "which is still heartbeating. Node names must be unique: give this node another cluster.node-name, or stop the other one first. " +
        $"(A restarted node takes its name back by itself once its previous run has been silent for cluster.failure-timeout, {settings.FailureTimeout.TotalSeconds:0.###} s.)");

    /// <summary>The member that holds the name, as the registration found it.</summary>
    private sealed record Holder(string Url, Guid Incarnation, DateTimeOffset HeartbeatAt, bool Live, TimeSpan Silence);
}
