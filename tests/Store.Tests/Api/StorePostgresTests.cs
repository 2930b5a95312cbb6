using System.Text;
using Actors.Store.Configuration;
using Npgsql;

namespace Actors.Store.Tests.Api;

/// <summary>The store on PostgreSQL: the same durability and refusals as on SQLite. Each test has its own schema.</summary>
public sealed class StorePostgresTests
{
    private static StoreSettings Postgres(string schema, int shards = 4) => new()
    {
        Shards = shards,
        Durability = Durability.Batched,
        Backend = StoreBackend.PostgreSql,
        PostgreSqlConnectionString = PostgresFactAttribute.ConnectionString,
        PostgreSqlSchema = schema,
    };

    private static string NewSchema() => "store_" + Guid.NewGuid().ToString("N")[..12];

    [PostgresFact]
    public async Task Acknowledged_writes_versions_and_tombstones_survive_a_restart()
    {
        var schema = NewSchema();
        try
        {
            var expected = new Dictionary<string, long>();
            await using (var first = await StoreHarness.StartAsync(Postgres(schema)))
            {
                await Task.WhenAll(Enumerable.Range(0, 64).Select(async i =>
                {
                    var result = await first.Store.SetAsync($"k{i}", Encoding.UTF8.GetBytes($"v{i}"));
                    lock (expected)
                    {
                        expected[$"k{i}"] = result.Version;
                    }
                }));
                Assert.True((await first.Store.DeleteAsync("k0")).Deleted);
                expected.Remove("k0");
                await first.Store.IncrementAsync("counter", 41);
                await first.StopAsync();
            }

            await using var second = await StoreHarness.StartAsync(Postgres(schema));
            foreach (var (key, version) in expected)
            {
                var entry = await second.Store.GetAsync(key);
                Assert.Equal(version, entry!.Version);
                Assert.Equal(key.Replace('k', 'v'), Encoding.UTF8.GetString(entry.Value.Span));
            }

            Assert.Null(await second.Store.GetAsync("k0"));
            Assert.Equal(3, (await second.Store.SetAsync("k0", "again"u8.ToArray())).Version);
            Assert.Equal(42, (await second.Store.IncrementAsync("counter")).Value);
        }
        finally
        {
            await DropSchemaAsync(schema);
        }
    }

    [PostgresFact]
    public async Task Reopening_with_another_shard_count_is_refused()
    {
        var schema = NewSchema();
        try
        {
            await using (var first = await StoreHarness.StartAsync(Postgres(schema, shards: 4)))
            {
                await first.Store.SetAsync("k", "v"u8.ToArray());
                await first.StopAsync();
            }

            var error = await Assert.ThrowsAsync<ShardCountMismatchException>(() => StoreHarness.StartAsync(Postgres(schema, shards: 5)));
            Assert.Contains($"PostgreSQL schema '{schema}'", error.Message);
        }
        finally
        {
            await DropSchemaAsync(schema);
        }
    }

    [PostgresFact]
    public async Task An_unreachable_server_is_a_clear_start_failure()
    {
        var settings = Postgres(NewSchema()) with { PostgreSqlConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2" };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StoreHarness.StartAsync(settings));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
