using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Actors.Store;
using Actors.Store.Configuration;

namespace Actors.Benchmarks;

/// <summary>
/// Issue 4's in-memory targets, side by side in one run: the store's pipelined writes against ConcurrentDictionary's
/// writes (uniform keys, 8 writers), and pipelined increments against ConcurrentDictionary.AddOrUpdate on Zipf-hot keys.
/// Each figure is the median of 5 timed runs after a warm-up. Every write carries a fresh 16-byte value made by the
/// writer (as a value read from a request would be), and each side stores it without a further copy.
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
        var value = new byte[16];

        Console.WriteLine($"{Writers} writers × {OperationsPerWriter:N0} operations, {Environment.ProcessorCount} cores");
        var cdWrites = Measure("ConcurrentDictionary writes (uniform)", () => ConcurrentWrites(uniform, value));
        var storeWrites = await MeasureAsync("store pipelined writes (uniform)", () => StoreWritesAsync(uniform, value));
        var cdIncrements = Measure("ConcurrentDictionary.AddOrUpdate (Zipf-hot)", () => ConcurrentIncrements(zipf));
        var storeIncrements = await MeasureAsync("store pipelined increments (Zipf-hot)", () => StoreIncrementsAsync(zipf));

        Console.WriteLine();
        Console.WriteLine($"writes:     store / ConcurrentDictionary = {storeWrites / cdWrites:F2}× (target ≥ 1)");
        Console.WriteLine($"increments: store / ConcurrentDictionary = {storeIncrements / cdIncrements:F2}× (target ≥ 2)");
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

    private static void ConcurrentWrites(string[][] plan, byte[] value)
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

    private static async Task StoreWritesAsync(string[][] plan, byte[] value)
    {
        await using var system = ActorSystem.Create("bench", new ActorSystemSettings { LogDeadLetters = 0 });
        var store = await ActorStateStore.StartAsync(system, new StoreSettings { Durability = Durability.None });
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
        LastElapsed = started.Elapsed;
    }

    private static async Task StoreIncrementsAsync(string[][] plan)
    {
        await using var system = ActorSystem.Create("bench", new ActorSystemSettings { LogDeadLetters = 0 });
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
        LastElapsed = started.Elapsed;

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
    }

    private static TimeSpan LastElapsed;

    private static double Measure(string name, Action run)
    {
        run();
        var rates = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var started = Stopwatch.StartNew();
            run();
            rates.Add(Writers * (double)OperationsPerWriter / started.Elapsed.TotalSeconds);
        }

        return Report(name, rates);
    }

    private static async Task<double> MeasureAsync(string name, Func<Task> run)
    {
        await run();
        var rates = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            await run();
            rates.Add(Writers * (double)OperationsPerWriter / LastElapsed.TotalSeconds);
        }

        return Report(name, rates);
    }

    private static double Report(string name, List<double> rates)
    {
        rates.Sort();
        var median = rates[rates.Count / 2];
        Console.WriteLine($"{name,-48} {median,14:N0} ops/s  (runs: {string.Join(", ", rates.Select(r => (r / 1e6).ToString("F2", CultureInfo.InvariantCulture) + "M"))})");
        return median;
    }
}
