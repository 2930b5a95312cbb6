using System.Text;
using Actors.Store.Configuration;
using Actors.Store.Events;
using Actors.Store.Persistence;
using Microsoft.Data.Sqlite;

namespace Actors.Store.Tests.Api;

/// <summary>What survives a restart on SQLite, and what refuses to open.</summary>
public sealed class StoreDurabilityTests
{
    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static StoreSettings Sqlite(int shards = 4, int snapshotEvery = 0) =>
        new() { Shards = shards, Durability = Durability.Batched, SnapshotEvery = snapshotEvery };

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public async Task Acknowledged_writes_and_versions_survive_a_restart(int snapshotEvery)
    {
        var directory = StoreHarness.NewDirectory();
        try
        {
            var expected = new Dictionary<string, (string Value, long Version)>();
            await using (var first = await StoreHarness.StartAsync(Sqlite(snapshotEvery: snapshotEvery), directory: directory))
            {
                for (var i = 0; i < 300; i++)
                {
                    var key = $"k{i % 40}";
                    var result = await first.Store.SetAsync(key, Bytes($"v{i}"));
                    expected[key] = ($"v{i}", result.Version);
                }

                for (var i = 0; i < 10; i++)
                {
                    var deleted = await first.Store.DeleteAsync($"k{i}");
                    expected.Remove($"k{i}");
                    Assert.True(deleted.Deleted);
                }

                await first.StopAsync();
            }

            await using var second = await StoreHarness.StartAsync(Sqlite(snapshotEvery: snapshotEvery), directory: directory);
            foreach (var (key, (value, version)) in expected)
            {
                var entry = await second.Store.GetAsync(key);
                Assert.Equal(value, Encoding.UTF8.GetString(entry!.Value.Span));
                Assert.Equal(version, entry.Version);
            }

            Assert.Equal(expected.Count, await second.Store.CountAsync());

            // A deleted key's tombstone survived too: re-creating it continues its versions.
            var recreated = await second.Store.SetAsync("k0", Bytes("again"));
            Assert.True(recreated.Version > 1);
        }
        finally
        {
            StoreHarness.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task The_journal_plugin_takes_the_stores_batch_size_and_its_settings_reach_AkkaPersistenceSql()
    {
        var directory = StoreHarness.NewDirectory();
        try
        {
            await using var harness = await StoreHarness.StartAsync(Sqlite() with { MaxBatchSize = 37 }, directory: directory);
            var journal = harness.System.Settings.Config.GetConfig("akka.persistence.journal.actors-store");
            Assert.NotNull(journal);
            Assert.Equal(37, journal.GetInt("batch-size"));
            Assert.Equal("SQLite.MS", journal.GetString("provider-name"));
            Assert.Equal(1, journal.GetInt("parallelism"));
            Assert.Contains(StorePlugins.JournalFile(directory), journal.GetString("connection-string"), StringComparison.Ordinal);

            // And the plugin works with it: writes are acknowledged and read back.
            for (var i = 0; i < 100; i++)
            {
                await harness.Store.SetAsync($"b{i}", Bytes("x"));
            }

            Assert.Equal(100, await harness.Store.CountAsync());
        }
        finally
        {
            StoreHarness.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task A_ttl_keeps_its_original_deadline_across_a_restart()
    {
        var directory = StoreHarness.NewDirectory();
        try
        {
            DateTimeOffset? deadline;
            await using (var first = await StoreHarness.StartAsync(Sqlite(), directory: directory))
            {
                await first.Store.SetAsync("session", Bytes("v"), new SetOptions { Ttl = TimeSpan.FromMinutes(10) });
                deadline = (await first.Store.GetAsync("session"))!.ExpiresAt;
                await first.StopAsync();
            }

            await using var second = await StoreHarness.StartAsync(Sqlite(), directory: directory);
            Assert.Equal(deadline, (await second.Store.GetAsync("session"))!.ExpiresAt);
        }
        finally
        {
            StoreHarness.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task Reopening_with_another_shard_count_is_refused_and_changes_nothing()
    {
        var directory = StoreHarness.NewDirectory();
        try
        {
            await using (var first = await StoreHarness.StartAsync(Sqlite(shards: 4), directory: directory))
            {
                await first.Store.SetAsync("k", Bytes("v"));
                await first.StopAsync();
            }

            var journal = StorePlugins.JournalFile(directory);
            var before = await File.ReadAllBytesAsync(journal);
            var error = await Assert.ThrowsAsync<ShardCountMismatchException>(() => StoreHarness.StartAsync(Sqlite(shards: 8), directory: directory));
            Assert.Equal(4, error.Stored);
            Assert.Equal(8, error.Configured);
            Assert.Contains("created with 4 shards, but store.shards is 8", error.Message);
            Assert.Contains(journal, error.Message);
            Assert.Equal(before, await File.ReadAllBytesAsync(journal));

            await using var again = await StoreHarness.StartAsync(Sqlite(shards: 4), directory: directory);
            Assert.NotNull(await again.Store.GetAsync("k"));
        }
        finally
        {
            StoreHarness.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task A_corrupt_database_file_is_refused_and_left_untouched()
    {
        var directory = StoreHarness.NewDirectory();
        Directory.CreateDirectory(directory);
        try
        {
            var journal = StorePlugins.JournalFile(directory);
            var garbage = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("this is not a database. ", 400)));
            await File.WriteAllBytesAsync(journal, garbage);
            var error = await Assert.ThrowsAnyAsync<Exception>(() => StoreHarness.StartAsync(Sqlite(), directory: directory));
            Assert.Contains(journal, error.Message);
            Assert.Equal(garbage, await File.ReadAllBytesAsync(journal));
        }
        finally
        {
            StoreHarness.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task A_journal_event_in_an_unknown_format_stops_recovery_with_a_clear_error()
    {
        var directory = StoreHarness.NewDirectory();
        try
        {
            await using (var first = await StoreHarness.StartAsync(Sqlite(shards: 1), directory: directory))
            {
                await first.Store.SetAsync("k", Bytes("v"));
                await first.StopAsync();
            }

            // A newer version of the store wrote the shard's next event in a format this build does not know: a row
            // of the journal's table under the store's serializer with an unknown manifest.
            await using (var connection = new SqliteConnection($"Data Source={StorePlugins.JournalFile(directory)}"))
            {
                await connection.OpenAsync();
                await using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid)
                    SELECT 0, persistence_id, MAX(sequence_number) + 1, MAX(created), x'010203', $id, 'kv.w9', MAX(writer_uuid) FROM journal
                    WHERE persistence_id = 'shard-0' GROUP BY persistence_id
                    """;
                insert.Parameters.AddWithValue("$id", StoreSerializer.Id);
                Assert.Equal(1, await insert.ExecuteNonQueryAsync());
            }

            var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => StoreHarness.StartAsync(Sqlite(shards: 1), directory: directory));
            Assert.Contains("shard 0 could not recover", error.Message);
            Assert.Contains("kv.w9", error.Message);
            Assert.Contains(Causes(error), e => e is UnknownEventFormatException);
        }
        finally
        {
            StoreHarness.DeleteDirectory(directory);
        }
    }

    private static IEnumerable<Exception> Causes(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
