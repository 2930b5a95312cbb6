using System.Diagnostics;
using System.Globalization;
using Actors.Store;
using Actors.Store.Configuration;
using Actors.Store.Hosting;
using Actors.Store.Persistence;

namespace Actors.Benchmarks;

using Akka.Actor;
using Akka.Configuration;

/// <summary>
/// The durable figures, end to end through the store (client → shard actor → group commit → Akka.Persistence.Sql →
/// database): acknowledged writes per second from 64 concurrent writers on SQLite (batched, strict) and PostgreSQL,
/// beside plain Akka.Persistence.Sql with one <c>Persist</c> per command (what an Akka.NET user gets without the
/// store's group commit) on the same journal; and recovery speed and allocation for a journal of a million events.
/// <code>
/// dotnet run -c Release --project bench/Actors.Benchmarks -- store-durable [postgres-connection-string]
/// dotnet run -c Release --project bench/Actors.Benchmarks -- store-recovery [events]
/// </code>
/// </summary>
internal static class StoreDurability
{
    private const int Writers = 64;

    public static async Task<int> RunDurableAsync(string? postgres)
    {
        Console.WriteLine($"{Writers} concurrent writers, closed loop, 100-byte values, unique keys, {Environment.ProcessorCount} cores");
        var batched = await MeasureAsync("SQLite, batched (group commit)", new StoreSettings { Durability = Durability.Batched }, TimeSpan.FromSeconds(5));
        var plain = await PlainPersist.MeasureAsync("SQLite, plain Persist per command", new StoreSettings { Durability = Durability.Batched }, Writers, TimeSpan.FromSeconds(5));
        var strict = await MeasureAsync("SQLite, strict (fsync every commit)", new StoreSettings { Durability = Durability.Strict }, TimeSpan.FromSeconds(5));
        Console.WriteLine($"batched: group commit / plain Persist per command = {batched / plain:F1}×");
        Console.WriteLine($"strict / batched = {strict / batched:F2}");
        if (!string.IsNullOrEmpty(postgres))
        {
            var schema = "bench_" + Guid.NewGuid().ToString("N")[..8];
            await MeasureAsync("PostgreSQL, batched (group commit)", new StoreSettings
            {
                Durability = Durability.Batched,
                Backend = StoreBackend.PostgreSql,
                PostgreSqlConnectionString = postgres,
                PostgreSqlSchema = schema,
            }, TimeSpan.FromSeconds(5));
            await PlainPersist.MeasureAsync("PostgreSQL, plain Persist per command", new StoreSettings
            {
                Durability = Durability.Batched,
                Backend = StoreBackend.PostgreSql,
                PostgreSqlConnectionString = postgres,
                PostgreSqlSchema = schema + "_plain",
            }, Writers, TimeSpan.FromSeconds(5));
        }

        return 0;
    }

    public static async Task<int> RunRecoveryAsync(int events)
    {
        var directory = Path.Combine(Path.GetTempPath(), "store-recovery-" + Guid.NewGuid().ToString("N"));
        var settings = new StoreSettings { Durability = Durability.Batched, DataDirectory = directory, Shards = 16, SnapshotEvery = 0 };
        try
        {
            using (var system = StoreActorSystem.Create("write", Quiet))
            {
                var store = await ActorStateStore.StartAsync(system, settings);
                var written = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
                {
                    var pipeline = store.CreatePipeline(512);
                    for (var i = w; i < events; i += 16)
                    {
                        // 100,000 keys written ten times each: the journal holds 10× the final state.
                        await pipeline.SetOwnedAsync($"key-{i % 100_000}", new byte[16]);
                    }

                    await pipeline.FlushAsync();
                })));
                Console.WriteLine($"wrote {events:N0} events in {written.Elapsed.TotalSeconds:F1} s ({events / written.Elapsed.TotalSeconds:N0} events/s through the pipeline)");
                await system.Terminate();
            }

            var journal = new FileInfo(StorePlugins.JournalFile(directory)).Length;
            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var peak = heapBefore;
            using var sampler = new Timer(_ => InterlockedMax(ref peak, GC.GetTotalMemory(forceFullCollection: false)), null, 0, 5);
            var recovering = Stopwatch.StartNew();
            using var again = StoreActorSystem.Create("recover", Quiet);
            var recovered = await ActorStateStore.StartAsync(again, settings);
            recovering.Stop();
            await sampler.DisposeAsync();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var state = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
            Console.WriteLine($"recovered {events:N0} events ({journal / 1e6:F0} MB journal, {await recovered.CountAsync():N0} keys) in {recovering.Elapsed.TotalSeconds:F2} s: {events / recovering.Elapsed.TotalSeconds:N0} events/s (target ≥ 500,000)");
            Console.WriteLine($"recovery: final state {state / 1e6:F0} MB; peak heap during recovery +{(peak - heapBefore) / 1e6:F0} MB (sampled every 5 ms); {allocated / 1e6:F0} MB allocated in total, short-lived (streamed: the {journal / 1e6:F0} MB journal is never held at once)");
            return 0;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<double> MeasureAsync(string name, StoreSettings settings, TimeSpan duration)
    {
        var directory = Path.Combine(Path.GetTempPath(), "store-durable-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var system = StoreActorSystem.Create("durable", Quiet);
            var store = await ActorStateStore.StartAsync(system, settings with { DataDirectory = directory });
            var value = new byte[100];
            long acknowledged = 0;
            var stop = false;
            async Task Writer(int writer, bool counting)
            {
                var i = 0;
                while (!Volatile.Read(ref stop))
                {
                    await store.SetAsync($"w{writer}-{i++}", value);
                    if (counting)
                    {
                        Interlocked.Increment(ref acknowledged);
                    }
                }
            }

            // Warm up for a second, then count for the duration.
            var warmup = Enumerable.Range(0, Writers).Select(w => Task.Run(() => Writer(w + 1000, counting: false))).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(1));
            Volatile.Write(ref stop, true);
            await Task.WhenAll(warmup);
            Volatile.Write(ref stop, false);

            var started = Stopwatch.StartNew();
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => Writer(w, counting: true))).ToArray();
            await Task.Delay(duration);
            Volatile.Write(ref stop, true);
            await Task.WhenAll(writers);
            var rate = Interlocked.Read(ref acknowledged) / started.Elapsed.TotalSeconds;
            Console.WriteLine($"{name,-40} {rate,12:N0} acknowledged writes/s");
            await system.Terminate();
            return rate;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    internal static Config Quiet => ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.log-dead-letters = off\nakka.coordinated-shutdown.run-by-clr-shutdown-hook = off");
}
