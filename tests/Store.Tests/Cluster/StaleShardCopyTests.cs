using System.Text;
using Actors.Store.Cluster;
using Actors.Store.Configuration;
using Actors.Store.Routing;
using Actors.Store.Tests.Api;
using Xunit.Abstractions;
using Actors.Store.OwnRuntime;

namespace Actors.Store.Tests.Cluster;

using ActorStateStore = Actors.Store.OwnRuntime.ActorStateStore;

/// <summary>
/// A store that still runs a shard the cluster has moved elsewhere (it was paused, or cut off from the database): the
/// journal's fence refuses its write, nothing of it is stored, the local copy stops, and the write is resent to the new
/// owner once the shard map catches up — the client sees one successful write, applied once, on the right node.
/// </summary>
public sealed class StaleShardCopyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    [PostgresFact]
    public async Task A_write_refused_by_the_fence_stops_the_stale_copy_and_is_resent_to_the_new_owner()
    {
        await using var cluster = new ClusterTestBed(output, shards: 1);
        SimulatedNode a = await cluster.StartAsync("a");
        ClusterView owned = await ClusterTestBed.WaitForAsync(a, v => v.OwnerOf(0) == "a", Settle, "a owns the shard");

        var systemA = ActorSystem.Create("stale-a", new ActorSystemSettings { CoordinatedShutdown = new() { RunByProcessExit = false } });
        var systemB = ActorSystem.Create("stale-b", new ActorSystemSettings { CoordinatedShutdown = new() { RunByProcessExit = false } });
        var settings = new StoreSettings
        {
            Shards = 1,
            Backend = StoreBackend.PostgreSql,
            Durability = Durability.Batched,
            PostgreSqlConnectionString = PostgresFactAttribute.ConnectionString,
            PostgreSqlSchema = cluster.Schema,
            FenceTable = cluster.Settings("a").JournalFenceTable,
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        ActorStateStore storeA = ActorStateStore.CreateManaged(systemA, settings);
        ActorStateStore storeB = ActorStateStore.CreateManaged(systemB, settings);
        try
        {
            var transport = new InProcessTransport(new() { ["a"] = storeA, ["b"] = storeB });
            storeA.UseTransport(transport);
            storeB.UseTransport(transport);
            await Task.WhenAll(storeA.BeginManagedAsync(), storeB.BeginManagedAsync());
            await storeA.StartLocalShardAsync(0, owned.Shard(0).Epoch);
            storeA.MarkReady();
            Assert.Equal(1, (await storeA.IncrementAsync("counter")).Value);

            // a is cut off past the failure timeout; b takes the shard over under the next epoch and recovers it.
            a.Pause();
            SimulatedNode b = await cluster.StartAsync("b");
            ClusterView moved = await ClusterTestBed.WaitForAsync(b, v => v.OwnerOf(0) == "b", Settle, "b took the shard over");
            await storeB.StartLocalShardAsync(0, moved.Shard(0).Epoch);
            storeB.MarkReady();

            // Store a has not heard: its next write goes to its stale copy, which the fence refuses. When a asks for a
            // fresher map, the "cluster layer" (this test) points the shard at b.
            var refreshes = 0;
            storeA.ShardMapRefreshRequested = shard =>
            {
                Interlocked.Increment(ref refreshes);
                storeA.SetRoute(shard, new ShardRoute.Remote(new ShardOwner("b", "b", moved.Shard(0).Epoch)));
            };

            Assert.Equal(2, (await storeA.IncrementAsync("counter")).Value);
            Assert.True(refreshes >= 1);
            Assert.IsType<ShardRoute.Remote>(storeA.RouteOf(0));

            // Applied exactly once, on b; a's stopped copy left no error behind, and a keeps serving the shard through b.
            Assert.Equal("2", Encoding.ASCII.GetString((await storeB.GetAsync("counter"))!.Value.Span));
            Assert.Equal(3, (await storeA.IncrementAsync("counter")).Value);
            Assert.Equal(3, (await storeB.IncrementAsync("counter", 0)).Value);
        }
        finally
        {
            await storeA.DisposeAsync();
            await storeB.DisposeAsync();
            await systemA.Terminate();
            await systemB.Terminate();
        }
    }

    private sealed class InProcessTransport(Dictionary<string, ActorStateStore> nodes) : IShardTransport
    {
        public async Task<ReadOnlyMemory<byte>> SendAsync(ShardOwner owner, int shard, ReadOnlyMemory<byte> request, CancellationToken cancellationToken) =>
            await nodes[owner.Node].ServeForwardedAsync(shard, request, owner.Node, cancellationToken);
    }
}
