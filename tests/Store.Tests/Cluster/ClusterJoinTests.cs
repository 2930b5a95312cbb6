using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Actors.Configuration;
using Actors.Store.Cluster;
using Actors.Store.Tests.Api;
using Xunit.Abstractions;

namespace Actors.Store.Tests.Cluster;

/// <summary>Configurations that cannot work fail at start, clearly, within a bounded time, and change nothing.</summary>
public sealed class ClusterJoinTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task A_second_live_node_with_the_same_name_is_refused()
    {
        await using var cluster = new ClusterTestBed(output);
        SimulatedNode a = await cluster.StartAsync("a");
        var clock = Stopwatch.StartNew();

        ClusterJoinException e = await Assert.ThrowsAsync<ClusterJoinException>(
            () => ClusterNode.JoinAsync(cluster.Settings("a") with { AdvertisedUrl = "http://impostor:5080" }, cluster.Shards, cluster.Loggers));

        Assert.Equal(ClusterJoinFailure.DuplicateNodeName, e.Reason);
        Assert.Contains("'a'", e.Message);
        Assert.Contains("cluster.node-name", e.Message);
        Assert.Contains("http://a.test:5080", e.Message);
        Assert.True(clock.Elapsed < ClusterTestBed.FailureTimeout + TimeSpan.FromSeconds(1), $"refused after {clock.Elapsed}");
        ClusterView view = await a.Node.RefreshAsync();
        Assert.Equal((a.Node.Incarnation, "http://a.test:5080", MemberStatus.Up), (view.Member("a")!.Incarnation, view.Member("a")!.Url, view.Member("a")!.Status));
        Assert.False(a.Node.Expelled.IsCompleted);
    }

    [PostgresFact]
    public async Task A_different_shard_count_is_refused()
    {
        await using var cluster = new ClusterTestBed(output, shards: 12);
        await cluster.StartAsync("a");

        ClusterJoinException e = await Assert.ThrowsAsync<ClusterJoinException>(() => ClusterNode.JoinAsync(cluster.Settings("b"), 16, cluster.Loggers));

        Assert.Equal(ClusterJoinFailure.ShardCountMismatch, e.Reason);
        Assert.Contains("has 12 shards", e.Message);
        Assert.Contains("set store.shards = 12", e.Message);
        Assert.Equal(0L, await cluster.ScalarAsync<long>("SELECT count(*) FROM {schema}.members WHERE name = 'b'"));
    }

    [PostgresFact]
    public async Task An_unreachable_database_fails_the_join_at_once()
    {
        int port = FreePort();
        var settings = new ClusterSettings
        {
            Enabled = true,
            NodeName = "a",
            AdvertisedUrl = "http://a.test:5080",
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres",
        };
        var clock = Stopwatch.StartNew();

        ClusterJoinException e = await Assert.ThrowsAsync<ClusterJoinException>(() => ClusterNode.JoinAsync(settings, 4, NullLoggers()));

        Assert.Equal(ClusterJoinFailure.Unreachable, e.Reason);
        Assert.Contains($"127.0.0.1:{port}", e.Message);
        Assert.Contains("cluster.postgres.connection-string", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"failed after {clock.Elapsed}");
    }

    [PostgresFact]
    public async Task A_database_that_never_answers_fails_the_join_after_the_join_timeout()
    {
        // A listener that accepts connections and never says a word, as a hung server or a black hole would.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var settings = new ClusterSettings
        {
            Enabled = true,
            NodeName = "a",
            AdvertisedUrl = "http://a.test:5080",
            ConnectionString = $"Host=127.0.0.1;Port={((IPEndPoint)silent.LocalEndpoint).Port};Username=postgres;Database=postgres;Timeout=60",
            JoinTimeout = TimeSpan.FromSeconds(1),
        };
        var clock = Stopwatch.StartNew();

        ClusterJoinException e = await Assert.ThrowsAsync<ClusterJoinException>(() => ClusterNode.JoinAsync(settings, 4, NullLoggers()));

        Assert.Equal(ClusterJoinFailure.Unreachable, e.Reason);
        Assert.Contains("cluster.join-timeout", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"failed after {clock.Elapsed}");
    }

    [PostgresFact]
    public async Task Invalid_settings_fail_before_anything_is_contacted()
    {
        ClusterSettings valid = new()
        {
            Enabled = true,
            NodeName = "a",
            AdvertisedUrl = "http://a.test:5080",
            ConnectionString = PostgresFactAttribute.ConnectionString,
        };

        Assert.Equal("cluster.node-name", (await Assert.ThrowsAsync<InvalidConfigurationException>(() => ClusterNode.JoinAsync(valid with { NodeName = "" }, 4, NullLoggers()))).Path);
        Assert.Equal("cluster.advertised-url", (await Assert.ThrowsAsync<InvalidConfigurationException>(() => ClusterNode.JoinAsync(valid with { AdvertisedUrl = "a.test" }, 4, NullLoggers()))).Path);
        Assert.Equal("cluster.enabled", (await Assert.ThrowsAsync<InvalidConfigurationException>(() => ClusterNode.JoinAsync(valid with { Enabled = false }, 4, NullLoggers()))).Path);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ClusterNode.JoinAsync(valid, 0, NullLoggers()));
    }

    [PostgresFact]
    public async Task Tables_of_someone_else_in_the_schema_are_refused_and_left_alone()
    {
        string schema = "cl_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new Npgsql.NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new Npgsql.NpgsqlCommand($"CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".members (who text)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var settings = new ClusterSettings
            {
                Enabled = true,
                NodeName = "a",
                AdvertisedUrl = "http://a.test:5080",
                ConnectionString = PostgresFactAttribute.ConnectionString,
                Schema = schema,
            };

            ClusterJoinException e = await Assert.ThrowsAsync<ClusterJoinException>(() => ClusterNode.JoinAsync(settings, 4, NullLoggers()));

            Assert.Equal(ClusterJoinFailure.UnusableSchema, e.Reason);
            Assert.Contains("members", e.Message);
            Assert.Contains("cluster.postgres.schema", e.Message);
        }
        finally
        {
            await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static Microsoft.Extensions.Logging.ILoggerFactory NullLoggers() => Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
