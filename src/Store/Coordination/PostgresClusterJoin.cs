using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Npgsql;

namespace Actors.Store.Coordination;

/// <summary>
/// Joins an Akka.NET node to the cluster its peers have registered in PostgreSQL, or forms the cluster when none of
/// them is alive — without a seed list, and without ever forming two clusters when hosts start at the same moment.
/// </summary>
/// <remarks>
/// <para>
/// A join runs under one PostgreSQL advisory lock per cluster (a session lock, so a host that dies holding it releases
/// it): holding it, the node reads the members whose heartbeat is younger than <c>member-ttl</c>; with none it joins
/// itself (a new cluster), otherwise it joins them as seed nodes (never itself, which could form a second cluster);
/// once it is <c>Up</c> it registers its address and only then lets the next host in. Two hosts starting together are
/// thus serialised: the second sees the first, already up. A registered node renews its row every third of
/// <c>member-ttl</c> (<see cref="RunHeartbeatAsync"/>) and removes it when it leaves.
/// </para>
/// <para>
/// This is the join rule the cluster issue allows instead of Akka.Management's bootstrap: a host needs only the
/// PostgreSQL it already shares with the others.
/// </para>
/// </remarks>
public sealed class PostgresClusterJoin(string connectionString, string schema, TimeSpan memberTtl)
{
    private readonly string _table = PostgresDdl.Table(schema, "akka_members");

    /// <summary>Joins (or forms) the cluster and registers this node; returns the addresses it joined through (empty: it formed the cluster).</summary>
    /// <exception cref="TimeoutException">The node was not Up within <paramref name="timeout"/> (the message names the seeds it tried).</exception>
    public async Task<IReadOnlyList<Address>> JoinAsync(Akka.Actor.ActorSystem system, string nodeName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        var self = cluster.SelfAddress;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await PostgresDdl.CreateTableAsync(
            connection, schema, "akka_members", "address text PRIMARY KEY, node_name text NOT NULL, last_seen timestamptz NOT NULL", cancellationToken).ConfigureAwait(false);

        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            take.Parameters.AddWithValue("key", LockKey(schema));
            take.CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds);
            await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var seeds = await LiveMembersAsync(connection, self, cancellationToken).ConfigureAwait(false);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberUp(up.SetResult);
            if (seeds.Count == 0)
            {
                cluster.Join(self);
            }
            else
            {
                cluster.JoinSeedNodes(seeds);
            }

            try
            {
                await up.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException(seeds.Count == 0
                    ? $"Node {nodeName} ({self}) did not come up within {timeout} forming a new cluster."
                    : $"Node {nodeName} ({self}) did not come up within {timeout} joining {string.Join(", ", seeds)} (the members registered in {_table} whose heartbeat is younger than {memberTtl}).");
            }

            await RegisterAsync(connection, self, nodeName, cancellationToken).ConfigureAwait(false);
            return seeds;
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            release.Parameters.AddWithValue("key", LockKey(schema));
            await release.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Renews this node's row every third of the member TTL until cancelled, then removes it.</summary>
    public async Task RunHeartbeatAsync(Address self, string nodeName, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(memberTtl / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                    await RegisterAsync(connection, self, nodeName, cancellationToken).ConfigureAwait(false);
                }
                catch (NpgsqlException)
                {
                    // The next tick tries again; a node that stays silent for member-ttl is simply not offered as a seed.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await using var remove = new NpgsqlCommand($"DELETE FROM {_table} WHERE address = @address", connection);
            remove.Parameters.AddWithValue("address", self.ToString());
            await remove.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<Address>> LiveMembersAsync(NpgsqlConnection connection, Address self, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT address FROM {_table} WHERE last_seen > now() - @ttl AND address <> @self ORDER BY address", connection);
        command.Parameters.AddWithValue("ttl", memberTtl);
        command.Parameters.AddWithValue("self", self.ToString());
        var addresses = new List<Address>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            addresses.Add(Address.Parse(reader.GetString(0)));
        }

        return addresses;
    }

    private async Task RegisterAsync(NpgsqlConnection connection, Address self, string nodeName, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {_table} (address, node_name, last_seen) VALUES (@address, @name, now()) ON CONFLICT (address) DO UPDATE SET node_name = EXCLUDED.node_name, last_seen = now()",
            connection);
        command.Parameters.AddWithValue("address", self.ToString());
        command.Parameters.AddWithValue("name", nodeName);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // One lock per cluster schema, stable across processes.
    private static long LockKey(string schema) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("actors-cluster-join:" + schema)), 0);
}
