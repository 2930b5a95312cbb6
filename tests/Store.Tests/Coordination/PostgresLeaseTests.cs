using Actors.Store.Coordination;
using Actors.Testing;
using Akka.Configuration;
using Akka.Coordination;
using Npgsql;

namespace Actors.Store.Tests.Coordination;

/// <summary>
/// The lease on PostgreSQL, obtained the way Akka.Cluster.Sharding obtains one (<see cref="LeaseProvider"/> and a
/// configuration section with <c>lease-class</c>), against the private PostgreSQL of the test command.
/// </summary>
public sealed class PostgresLeaseTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly string _schema;

    public PostgresLeaseTests()
        : this("lease_" + Guid.NewGuid().ToString("N")[..12])
    {
    }

    private PostgresLeaseTests(string schema)
        : base(ConfigFor(Environment.GetEnvironmentVariable("ACTORS_TEST_POSTGRES") ?? string.Empty, schema)) => _schema = schema;

    private static string ConfigFor(string connectionString, string schema = "unused") => $$"""
        test-lease {
          schema = "{{schema}}"
          lease-class = "{{typeof(PostgresLease).FullName}}, {{typeof(PostgresLease).Assembly.GetName().Name}}"
          heartbeat-timeout = 2s
          heartbeat-interval = 200ms
          lease-operation-timeout = 500ms
          connection-string = "{{connectionString}}"
        }
        """;

    [PostgresFact]
    public async Task One_owner_holds_a_lease_at_a_time_and_each_new_tenure_has_a_higher_fencing_token()
    {
        var a = Lease("shard-1", "node-a");
        var b = Lease("shard-1", "node-b");

        Assert.True(await a.Acquire());
        Assert.False(await b.Acquire());
        Assert.True(a.CheckLease());
        Assert.False(b.CheckLease());
        Assert.True(await a.Acquire(), "the holder acquiring again keeps it");
        var first = a.FencingToken!.Value;

        Assert.True(await a.Release());
        Assert.False(a.CheckLease());
        Assert.False(await a.Release(), "a lease not held is not released");
        Assert.True(await b.Acquire());
        Assert.True(b.FencingToken > first, $"token {b.FencingToken} after {first}");
        Assert.False(await a.Acquire());

        // Another lease name is another lease.
        Assert.True(await Lease("shard-2", "node-a").Acquire());
    }

    [PostgresFact]
    public async Task A_holder_whose_expired_lease_another_owner_took_loses_it_and_is_told()
    {
        var a = Lease("shard-1", "node-a");
        var lost = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(await a.Acquire(e => lost.TrySetResult(e)));
        var first = a.FencingToken!.Value;

        // As if node-a had been paused past its expiry: the database lets node-b take the lease.
        await ExecuteAsync($"UPDATE \"{_schema}\".leases SET expires_at = now() - interval '1 second' WHERE name = 'shard-1'");
        var b = Lease("shard-1", "node-b");
        Assert.True(await b.Acquire());
        Assert.Equal(first + 1, b.FencingToken);

        var reason = await lost.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<LeaseException>(reason);
        Assert.Contains("expired or was taken", reason.Message, StringComparison.Ordinal);
        Assert.False(a.CheckLease());
        Assert.True(b.CheckLease());
    }

    [PostgresFact]
    public async Task A_holder_that_cannot_renew_stops_claiming_the_lease_by_its_own_clock()
    {
        var a = Lease("shard-1", "node-a");
        var lost = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(await a.Acquire(e => lost.TrySetResult(e)));

        // Hold the row locked: every renewal waits past its operation timeout, as when the database is out of reach.
        await using var blocker = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"SELECT 1 FROM \"{_schema}\".leases WHERE name = 'shard-1' FOR UPDATE", blocker, transaction))
        {
            await lockRow.ExecuteScalarAsync();
        }

        var reason = await lost.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Contains("could not be renewed", reason.Message, StringComparison.Ordinal);
        Assert.False(a.CheckLease());

        // The database still names node-a: the holder gave up on its own clock, before anyone could take over.
        await using var owner = new NpgsqlCommand($"SELECT owner FROM \"{_schema}\".leases WHERE name = 'shard-1'", blocker, transaction);
        Assert.Equal("node-a", await owner.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task An_unreachable_database_fails_the_acquire_with_a_lease_exception()
    {
        var config = ConfigurationFactory.ParseString(ConfigFor("Host=127.0.0.1;Port=1;Username=postgres;Timeout=2")).GetConfig("test-lease");
        var lease = new PostgresLease(LeaseSettings.Create(config, "shard-1", "node-a"), Sys);
        var error = await Assert.ThrowsAsync<LeaseException>(() => lease.Acquire());
        Assert.Contains("Could not reach PostgreSQL to acquire lease 'shard-1'", error.Message, StringComparison.Ordinal);
        Assert.False(lease.CheckLease());
    }

    [Fact]
    public void A_lease_without_a_connection_string_or_with_a_heartbeat_beyond_its_timeout_is_refused_with_the_reason()
    {
        var missing = ConfigurationFactory.ParseString(ConfigFor(string.Empty)).GetConfig("test-lease");
        var error = Assert.Throws<ArgumentException>(() => new PostgresLease(LeaseSettings.Create(missing, "shard-1", "node-a"), Sys));
        Assert.Contains("needs connection-string", error.Message, StringComparison.Ordinal);

        var slow = ConfigurationFactory.ParseString("heartbeat-interval = 5s").WithFallback(ConfigurationFactory.ParseString(ConfigFor("Host=x")).GetConfig("test-lease"));
        error = Assert.Throws<ArgumentException>(() => new PostgresLease(LeaseSettings.Create(slow, "shard-1", "node-a"), Sys));
        Assert.Contains("heartbeat-interval", error.Message, StringComparison.Ordinal);
    }

    protected override void AfterAll()
    {
        if (Environment.GetEnvironmentVariable("ACTORS_TEST_POSTGRES") is { Length: > 0 })
        {
            ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE").GetAwaiter().GetResult();
        }

        base.AfterAll();
    }

    // As Akka.Cluster.Sharding gets its leases: by the configuration path, one instance per lease name and owner.
    private PostgresLease Lease(string name, string owner) =>
        Assert.IsType<PostgresLease>(LeaseProvider.Get(Sys).GetLease(name, "test-lease", owner));

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
