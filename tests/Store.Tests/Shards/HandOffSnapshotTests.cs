using System.Text;
using Actors.Persistence;
using Actors.Persistence.Sqlite;
using Actors.Store.Configuration;
using Actors.Store.Shards;
using Actors.Store.Tests.Api;
using Actors.Store.OwnRuntime;

namespace Actors.Store.Tests.Shards;

using ActorStateStore = Actors.Store.OwnRuntime.ActorStateStore;

/// <summary>
/// A shard about to move to another node flushes and, when much was written since its last snapshot, saves a snapshot
/// first — so its next owner recovers from the snapshot instead of replaying the whole journal.
/// </summary>
public sealed class HandOffSnapshotTests
{
    [Theory]
    [InlineData(ShardActor.HandOffSnapshotThreshold + 200, true)]
    [InlineData(ShardActor.HandOffSnapshotThreshold / 10, false)]
    public async Task A_handed_off_shard_is_snapshotted_when_enough_was_written_and_recovers_intact(int writes, bool snapshotExpected)
    {
        var directory = StoreHarness.NewDirectory();
        var system = ActorSystem.Create("hand-off", new ActorSystemSettings { CoordinatedShutdown = new() { RunByProcessExit = false } });
        try
        {
            var settings = new StoreSettings { Shards = 1, Durability = Durability.Batched, SnapshotEvery = 0, DataDirectory = directory };
            var store = ActorStateStore.CreateManaged(system, settings);
            await store.BeginManagedAsync();
            await store.StartLocalShardAsync(0, epoch: 0);
            store.MarkReady();
            for (var i = 0; i < writes; i++)
            {
                await store.SetAsync($"k{i % 50}", Encoding.UTF8.GetBytes($"v{i}"));
            }

            // The hand-off: requests wait while the shard flushes (and snapshots) and stops.
            await store.StopLocalShardAsync(0, "moving to another node");
            var snapshots = new SqliteSnapshotStore(new SqliteSnapshotStoreSettings { DataDirectory = directory });
            await using (snapshots)
            {
                await snapshots.InitializeAsync();
                var latest = await snapshots.LoadAsync("shard-0", SnapshotSelectionCriteria.Latest);
                if (snapshotExpected)
                {
                    Assert.Equal(writes, latest!.Metadata.SequenceNr);
                }
                else
                {
                    Assert.Null(latest);
                }
            }

            // The next owner (here: the same store, starting the shard again) sees every write.
            await store.StartLocalShardAsync(0, epoch: 0);
            for (var k = 0; k < 50; k++)
            {
                var last = Enumerable.Range(0, writes).Last(i => i % 50 == k);
                Assert.Equal($"v{last}", Encoding.UTF8.GetString((await store.GetAsync($"k{k}"))!.Value.Span));
            }

            await store.DisposeAsync();
        }
        finally
        {
            await system.Terminate();
            StoreHarness.DeleteDirectory(directory);
        }
    }
}
