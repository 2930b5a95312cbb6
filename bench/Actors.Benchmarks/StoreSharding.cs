using System.Diagnostics;
using Actors.Store;
using Actors.Store.Configuration;
using Actors.Store.Hosting;
using Actors.Store.Protocol;
using Actors.Store.Shards;

namespace Actors.Benchmarks;

using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;

/// <summary>
/// Whether a one-node <c>Akka.Cluster.Sharding</c> could be the single-process path too: the same shard actors
/// (<see cref="ShardEntity"/>, in memory) behind the store's own entry (<c>StoreRegion</c>) and behind a
/// <c>ShardRegion</c> of a cluster of one node (remoting on loopback), asked by one caller (latency) and by 64
/// (throughput), taking turns.
/// <code>dotnet run -c Release --project bench/Actors.Benchmarks -- store-sharding [seconds per run] [rounds]</code>
/// </summary>
internal static class StoreSharding
{
    private const int Shards = 16;
    private const int Callers = 64;
    private static readonly byte[] Value = new byte[16];

    public static async Task<int> RunAsync(int seconds, int rounds)
    {
        using var entrySystem = StoreActorSystem.Create("entry", StoreDurability.Quiet);
        var store = await ActorStateStore.StartAsync(entrySystem, new StoreSettings { Shards = Shards, Durability = Durability.None });
        var entry = store.Entry;

        using var clusterSystem = StoreActorSystem.Create("sharded", ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster.min-nr-of-members = 1
            akka.cluster.sharding.remember-entities = off
            """).WithFallback(StoreDurability.Quiet));
        var region = await StartOneNodeShardingAsync(clusterSystem);

        Console.WriteLine($"{Shards} in-memory shards; Ask of Get/Set from 1 caller (mean µs) and from {Callers} callers (asks/s), {seconds} s each, {rounds} rounds");
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, target) in new[] { ("store entry (StoreRegion)", entry), ("one-node ShardRegion", region) })
            {
                var get = await LatencyAsync(target, new Get("k-1"), seconds);
                var set = await LatencyAsync(target, new Set("k-1", Value), seconds);
                var throughput = await ThroughputAsync(target, seconds);
                Console.WriteLine($"round {round}  {name,-26}  Get {get:F2} µs  Set {set:F2} µs  {Callers} callers: {throughput:N0} Set asks/s");
            }
        }

        await clusterSystem.Terminate();
        await entrySystem.Terminate();
        return 0;
    }

    private static async Task<IActorRef> StartOneNodeShardingAsync(ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(up.SetResult);
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var settings = new ShardSettings(
            Shards, MaxKeyBytes: 1024, MaxValueBytes: 1 << 20, Journaled: false, MaxPendingEvents: 4096, SnapshotEvery: 100_000,
            SweepInterval: TimeSpan.FromSeconds(30), TombstoneRetention: TimeSpan.FromHours(1),
            JournalPluginId: "akka.persistence.journal.inmem", SnapshotPluginId: "akka.persistence.snapshot-store.inmem");
        var region = await ClusterSharding.Get(system).StartAsync(
            "kv",
            entityId => ShardEntity.Props(int.Parse(entityId, System.Globalization.CultureInfo.InvariantCulture), settings),
            ClusterShardingSettings.Create(system),
            new Extractor(new StoreMessageExtractor(Shards)));

        // The first message of each shard allocates it: warm all of them before measuring.
        await Task.WhenAll(Enumerable.Range(0, Shards * 8).Select(i => region.Ask<WriteResult>(new Set($"warm-{i}", Value), TimeSpan.FromSeconds(30))));
        return region;
    }

    private static async Task<double> LatencyAsync(IActorRef target, IStoreCommand command, int seconds)
    {
        for (var i = 0; i < 2_000; i++)
        {
            await target.Ask<object>(command);
        }

        long calls = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 1_000; i++)
            {
                await target.Ask<object>(command);
            }

            calls += 1_000;
        }

        return clock.Elapsed.TotalMicroseconds / calls;
    }

    private static async Task<double> ThroughputAsync(IActorRef target, int seconds)
    {
        long calls = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            var set = new Set($"t-{c}", Value);
            long mine = 0;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                await target.Ask<WriteResult>(set);
                mine++;
            }

            Interlocked.Add(ref calls, mine);
        })));
        return calls / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The store's extractor as <c>Akka.Cluster.Sharding</c>'s: it already has the shape.</summary>
    private sealed class Extractor(StoreMessageExtractor inner) : IMessageExtractor
    {
        public string? EntityId(object message) => inner.EntityId(message);

        public object? EntityMessage(object message) => inner.EntityMessage(message);

        public string? ShardId(object message) => inner.ShardId(message);

        public string ShardId(string entityId, object? messageHint = null) => inner.ShardId(entityId, messageHint);
    }
}
