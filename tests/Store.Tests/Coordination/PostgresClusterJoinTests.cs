using Actors.Store.Coordination;
using Actors.Testing;
using Akka.Configuration;
using Npgsql;

namespace Actors.Store.Tests.Coordination;

/// <summary>
/// Joining without a seed list: Akka.NET nodes on loopback find each other through the PostgreSQL of the test command,
/// and hosts that start at the same moment form one cluster, not two.
/// </summary>
public sealed class PostgresClusterJoinTests : IAsyncLifetime
{
    private static readonly TimeSpan MemberTtl = TimeSpan.FromSeconds(30);
    private readonly string _schema = "join_" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<Akka.Actor.ActorSystem> _systems = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_systems.Select(s => s.Terminate()));
        if (Environment.GetEnvironmentVariable("ACTORS_TEST_POSTGRES") is { Length: > 0 })
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
        }
    }

    [PostgresFact]
    public async Task Hosts_starting_together_form_one_cluster_and_a_later_one_joins_it()
    {
        var join = new PostgresClusterJoin(PostgresFactAttribute.ConnectionString, _schema, MemberTtl);
        var (a, b) = (Node("a"), Node("b"));
        var joined = await Task.WhenAll(
            join.JoinAsync(a, "a", TimeSpan.FromSeconds(30)),
            join.JoinAsync(b, "b", TimeSpan.FromSeconds(30)));

        // One of them formed the cluster, the other joined through it.
        Assert.Equal([0, 1], joined.Select(seeds => seeds.Count).Order());
        await WaitForUpMembersAsync(a, 2);
        await WaitForUpMembersAsync(b, 2);

        var c = Node("c");
        var seeds = await join.JoinAsync(c, "c", TimeSpan.FromSeconds(30));
        Assert.Equal(2, seeds.Count);
        await WaitForUpMembersAsync(a, 3);
        await WaitForUpMembersAsync(c, 3);
    }

    [PostgresFact]
    public async Task A_member_whose_heartbeat_is_older_than_the_ttl_is_not_offered_as_a_seed()
    {
        var join = new PostgresClusterJoin(PostgresFactAttribute.ConnectionString, _schema, MemberTtl);
        var first = Node("first");
        Assert.Empty(await join.JoinAsync(first, "first", TimeSpan.FromSeconds(30)));

        // A crashed node's row, silent for an hour.
        await ExecuteAsync($"INSERT INTO \"{_schema}\".akka_members VALUES ('akka.tcp://join@127.0.0.1:1', 'gone', now() - interval '1 hour')");
        var next = Node("next");
        var seeds = await join.JoinAsync(next, "next", TimeSpan.FromSeconds(30));
        Assert.Equal([Akka.Cluster.Cluster.Get(first).SelfAddress], seeds);
        await WaitForUpMembersAsync(next, 2);
    }

    [PostgresFact]
    public async Task A_member_s_heartbeat_keeps_its_row_fresh_and_removes_it_when_the_node_leaves()
    {
        var join = new PostgresClusterJoin(PostgresFactAttribute.ConnectionString, _schema, TimeSpan.FromMilliseconds(900));
        var node = Node("beating");
        await join.JoinAsync(node, "beating", TimeSpan.FromSeconds(30));
        var self = Akka.Cluster.Cluster.Get(node).SelfAddress;
        await ExecuteAsync($"UPDATE \"{_schema}\".akka_members SET last_seen = now() - interval '1 hour'");

        using var leave = new CancellationTokenSource();
        var beating = join.RunHeartbeatAsync(self, "beating", leave.Token);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await ScalarAsync($"SELECT count(*) FROM \"{_schema}\".akka_members WHERE last_seen > now() - interval '5 seconds'") is not 1L)
        {
            Assert.True(DateTime.UtcNow < deadline, "the heartbeat never renewed the row");
            await Task.Delay(50);
        }

        await leave.CancelAsync();
        await beating;
        Assert.Equal(0L, await ScalarAsync($"SELECT count(*) FROM \"{_schema}\".akka_members"));
    }

    private Akka.Actor.ActorSystem Node(string name)
    {
        var system = Akka.Actor.ActorSystem.Create("join", ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.loglevel = WARNING
            akka.log-dead-letters = off
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            """));
        _systems.Add(system);
        return system;
    }

    private static async Task WaitForUpMembersAsync(Akka.Actor.ActorSystem system, int count)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (cluster.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) != count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{cluster.SelfAddress} sees {string.Join(", ", cluster.State.Members)}; expected {count} members up");
            await Task.Delay(50);
        }
    }

    private static async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
