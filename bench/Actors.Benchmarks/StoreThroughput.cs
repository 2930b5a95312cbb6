using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Actors.Dispatch;
using Actors.Store;
using Actors.Store.Configuration;
using Actors.Store.Hosting;

namespace Actors.Benchmarks;

using Akka.Configuration;

/// <summary>
/// The in-memory targets, side by side in one run: the store's (on Akka.NET, durability none) pipelined writes against ConcurrentDictionary's
/// writes (uniform keys, 8 writers), and pipelined increments against ConcurrentDictionary.AddOrUpdate on Zipf-hot keys.
/// Each figure is the median of 7 timed runs, the sides taking turns after a warm-up of each. Every write carries a
/// fresh 16-byte value made by the writer (as a value read from a request would be), and each side stores it without
/// a further copy.
/// <code>dotnet run -c Release --project bench/Actors.Benchmarks -- store-memory</code>
/// </summary>
internal static class StoreThroughput
{
    private const int Writers = 8;
    private const int OperationsPerWriter = 250_000;
    private const int UniformKeys = 100_000;
    private const int HotKeys = 1_000;
    private const double ZipfSkew = 1.1;

    public static async Task<int> RunAsync()
    {
        var uniform = Plan(i => new Random(i).Next(UniformKeys), UniformKeys);
        var zipf = ZipfPlan(HotKeys, ZipfSkew);

        Console.WriteLine($"{Writers} writers × {OperationsPerWriter:N0} operations, {Environment.ProcessorCount} cores, {Rounds} alternating rounds");
        var writes = await CompareAsync(
            new Side("ConcurrentDictionary writes (uniform)", () => Timed(() => ConcurrentWrites(uniform))),
            new Side("store pipelined writes (uniform)", () => StoreWritesAsync(uniform, boundedShardMailbox: false)),
            new Side($"  … bounded shard mailboxes ({BoundedBatches} batches)", () => StoreWritesAsync(uniform, boundedShardMailbox: true)));
        var increments = await CompareAsync(
            new Side("ConcurrentDictionary.AddOrUpdate (Zipf-hot)", () => Timed(() => ConcurrentIncrements(zipf))),
            new Side("store pipelined increments (Zipf-hot)", () => StoreIncrementsAsync(zipf)));

        Console.WriteLine();
        Console.WriteLine($"writes:     store / ConcurrentDictionary = {writes[0]:F2}× unbounded, {writes[1]:F2}× bounded (target ≥ 1)");
        Console.WriteLine($"increments: store / ConcurrentDictionary = {increments[0]:F2}× (target ≥ 2)");
        return 0;
    }

    private static string[][] Plan(Func<int, int> keyOf, int keyCount)
    {
        var keys = Enumerable.Range(0, keyCount).Select(i => $"key-{i}").ToArray();
        return Enumerable.Range(0, Writers).Select(w =>
        {
            var random = new Random(w + 1);
            return Enumerable.Range(0, OperationsPerWriter).Select(_ => keys[random.Next(keyCount)]).ToArray();
        }).ToArray();
    }

    private static string[][] ZipfPlan(int keyCount, double skew)
    {
        var keys = Enumerable.Range(0, keyCount).Select(i => $"hot-{i}").ToArray();
        var cdf = new double[keyCount];
        var sum = 0.0;
        for (var i = 0; i < keyCount; i++)
        {
            sum += 1.0 / Math.Pow(i + 1, skew);
            cdf[i] = sum;
        }

        return Enumerable.Range(0, Writers).Select(w =>
        {
            var random = new Random(w + 100);
            return Enumerable.Range(0, OperationsPerWriter).Select(_ =>
            {
                var index = Array.BinarySearch(cdf, random.NextDouble() * sum);
                return keys[Math.Min(index < 0 ? ~index : index, keyCount - 1)];
            }).ToArray();
        }).ToArray();
    }

    private static void ConcurrentWrites(string[][] plan)
    {
        var map = new ConcurrentDictionary<string, byte[]>();
        Parallel.For(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers }, w =>
        {
            foreach (var key in plan[w])
            {
                map[key] = new byte[16];
            }
        });
    }

    private static void ConcurrentIncrements(string[][] plan)
    {
        var map = new ConcurrentDictionary<string, long>();
        Parallel.For(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers }, w =>
        {
            foreach (var key in plan[w])
            {
                map.AddOrUpdate(key, 1, static (_, v) => v + 1);
            }
        });
    }

    // The bounded variant's shard mailboxes, in batches, with backpressure. (Each pipeline's own window already keeps
    // its writer from queueing far ahead of the shards; this side shows what a bounded mailbox adds on top.)
    private const int BoundedBatches = 8;

    private static async Task<TimeSpan> StoreWritesAsync(string[][] plan, bool boundedShardMailbox)
    {
        var config = StoreDurability.Quiet;
        var mailbox = StoreSettings.DefaultMailbox;
        if (boundedShardMailbox)
        {
            mailbox = "shard-mailbox";
            config = config.WithFallback(ConfigurationFactory.ParseString($$"""
                shard-mailbox {
                  mailbox-type = "{{typeof(BoundedAnsweringMailbox).FullName}}, {{typeof(BoundedAnsweringMailbox).Assembly.GetName().Name}}"
                  mailbox-capacity = {{BoundedBatches}}
                  overflow-policy = backpressure
                }
                """));
        }

        using var system = StoreActorSystem.Create("bench", config);
        var store = await ActorStateStore.StartAsync(system, new StoreSettings { Durability = Durability.None, Mailbox = mailbox });
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var pipeline = store.CreatePipeline();
            foreach (var key in plan[w])
            {
                await pipeline.SetOwnedAsync(key, new byte[16]);
            }

            await pipeline.FlushAsync();
        })));
        var elapsed = started.Elapsed;
        await system.Terminate();
        return elapsed;
    }

    private static async Task<TimeSpan> StoreIncrementsAsync(string[][] plan)
    {
        using var system = StoreActorSystem.Create("bench", StoreDurability.Quiet);
        var store = await ActorStateStore.StartAsync(system, new StoreSettings { Durability = Durability.None });
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var pipeline = store.CreatePipeline();
            foreach (var key in plan[w])
            {
                await pipeline.IncrementAsync(key);
            }

            await pipeline.FlushAsync();
        })));
        var elapsed = started.Elapsed;

        // The verdict: every acknowledged increment is counted.
        var total = 0L;
        foreach (var key in plan.SelectMany(p => p).Distinct())
        {
            total += long.Parse(System.Text.Encoding.ASCII.GetString((await store.GetAsync(key))!.Value.Span), CultureInfo.InvariantCulture);
        }

        if (total != (long)Writers * OperationsPerWriter)
        {
            throw new InvalidOperationException($"Lost increments: counted {total}, expected {(long)Writers * OperationsPerWriter}.");
        }

        await system.Terminate();
        return elapsed;
    }

    private const int Rounds = 7;

    private sealed record Side(string Name, Func<Task<TimeSpan>> Run);

    private static Task<TimeSpan> Timed(Action run)
    {
        var started = Stopwatch.StartNew();
        run();
        return Task.FromResult(started.Elapsed);
    }

    /// <summary>
    /// Runs the sides in turn, round after round, after a warm-up of each, so that a change in the machine's background
    /// load touches all alike; reports each side's median and each candidate's ratio to the baseline's median.
    /// </summary>
    private static async Task<double[]> CompareAsync(Side baseline, params Side[] candidates)
    {
        var sides = candidates.Prepend(baseline).ToArray();
        foreach (var side in sides)
        {
            await side.Run();
        }

        var rates = sides.Select(_ => new List<double>()).ToArray();
        var gc = new GcReading[sides.Length];
        for (var round = 0; round < Rounds; round++)
        {
            for (var index = 0; index < sides.Length; index++)
            {
                var before = GcReading.Now();
                var elapsed = await sides[index].Run();
                gc[index] += GcReading.Now() - before;
                rates[index].Add(Writers * (double)OperationsPerWriter / elapsed.TotalSeconds);
            }
        }

        var medians = sides.Select((side, index) => Report(side.Name, rates[index], gc[index])).ToArray();
        return medians.Skip(1).Select(median => median / medians[0]).ToArray();
    }

    private static double Report(string name, List<double> rates, GcReading gc)
    {
        rates.Sort();
        var median = rates[rates.Count / 2];
        Console.WriteLine($"{name,-48} {median,14:N0} ops/s  (runs: {string.Join(", ", rates.Select(r => (r / 1e6).ToString("F2", CultureInfo.InvariantCulture) + "M"))})");
        Console.WriteLine($"{string.Empty,-48} {gc}");
        return median;
    }

    // Collections and pause time over the timed runs: on two cores the collector's share decides these races.
    private readonly record struct GcReading(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated)
    {
        public static GcReading operator +(GcReading a, GcReading b) => new(a.Gen0 + b.Gen0, a.Gen1 + b.Gen1, a.Gen2 + b.Gen2, a.Paused + b.Paused, a.Allocated + b.Allocated);

        public static GcReading Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: true));

        public static GcReading operator -(GcReading a, GcReading b) => new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused, a.Allocated - b.Allocated);

        public override string ToString() => $"collections gen0/1/2 {Gen0}/{Gen1}/{Gen2}, paused {Paused.TotalMilliseconds:N0} ms, {Allocated / ((double)Rounds * Writers * OperationsPerWriter):N0} B allocated per operation";
    }
}
