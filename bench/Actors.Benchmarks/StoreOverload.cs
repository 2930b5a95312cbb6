using System.Diagnostics;
using Actors.Dispatch;
using Actors.Store;
using Actors.Store.Configuration;
using Actors.Store.Hosting;

namespace Actors.Benchmarks;

using Akka.Configuration;

/// <summary>
/// DESIGN.md 8a: a bounded store on Akka.NET (its shards on <see cref="BoundedAnsweringMailbox"/>, capacity 1000, reject) driven at 10× its sustainable write rate for 30 s. Nothing may grow without bound: the
/// peak working set must stay within capacity × message size plus the process's fixed overhead, and every refused write
/// is counted (never silently dropped).
/// <code>dotnet run -c Release --project bench/Actors.Benchmarks -- store-overload [seconds] [offered writes/s]</code>
/// An offered rate, when given, replaces 10× the measured sustainable rate (the closed loop of acknowledged writes may
/// sustain far less than the shards absorb from posted writes, and then 10× of it overloads nothing).
/// </summary>
internal static class StoreOverload
{
    private const int Shards = 16;
    private const int Capacity = 1000;
    private const int ValueSize = 100;

    public static async Task<int> RunAsync(int seconds, double? offeredRate = null)
    {
        var mailbox = ConfigurationFactory.ParseString($$"""
            overload {
              mailbox-type = "{{typeof(BoundedAnsweringMailbox).FullName}}, {{typeof(BoundedAnsweringMailbox).Assembly.GetName().Name}}"
              mailbox-capacity = {{Capacity}}
              overflow-policy = reject
            }
            """);
        var directory = Path.Combine(Path.GetTempPath(), "overload-" + Guid.NewGuid().ToString("N"));
        try
        {
            return await RunAsync(seconds, offeredRate, mailbox, directory);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<int> RunAsync(int seconds, double? offeredRate, Config mailbox, string directory)
    {
        using var system = StoreActorSystem.Create("overload", StoreDurability.Quiet.WithFallback(mailbox));
        var store = await ActorStateStore.StartAsync(system, new StoreSettings { Shards = Shards, Durability = Durability.Batched, Mailbox = "overload", DataDirectory = directory });
        var value = new byte[ValueSize];

        // The sustainable rate: acknowledged writes per second from a closed loop for 3 s.
        long acknowledged = 0;
        var stop = false;
        var measuring = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(w => Task.Run(async () =>
        {
            var i = 0;
            while (!Volatile.Read(ref stop))
            {
                try
                {
                    await store.SetAsync($"s{w}-{i++ % 1000}", value);
                    Interlocked.Increment(ref acknowledged);
                }
                catch (StoreOverloadedException)
                {
                }

                if (measuring.Elapsed > TimeSpan.FromSeconds(3))
                {
                    Volatile.Write(ref stop, true);
                }
            }
        })));
        var sustainable = acknowledged / measuring.Elapsed.TotalSeconds;
        var target = offeredRate ?? sustainable * 10;

        GC.Collect();
        var baseline = Environment.WorkingSet;
        var peak = baseline;
        long offered = 0, refused = 0, unavailable = 0;
        var started = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(seconds);
        using var sampler = new Timer(_ => InterlockedMax(ref peak, Environment.WorkingSet), null, 0, 50);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            // Open loop: each sender keeps to its share of the target rate, whatever the store answers.
            var perSender = target / 8;
            long sent = 0;
            while (started.Elapsed < duration)
            {
                var due = (long)(started.Elapsed.TotalSeconds * perSender);
                for (; sent < due; sent++)
                {
                    Interlocked.Increment(ref offered);
                    try
                    {
                        await store.PostSetAsync($"o{w}-{sent % 10_000}", value);
                    }
                    catch (StoreOverloadedException)
                    {
                        Interlocked.Increment(ref refused);
                    }
                    catch (StoreUnavailableException)
                    {
                        // A shard restarting after a failed journal write refuses meanwhile: counted, and the run goes on.
                        Interlocked.Increment(ref unavailable);
                    }
                }

                await Task.Delay(1);
            }
        })));
        InterlockedMax(ref peak, Environment.WorkingSet);
        // The mailboxes may still be full: a refused flush is retried, as any refused request would be, and so is one
        // that timed out behind the backlog (up to 16 × (mailbox + pending events) writes still to commit) or met a
        // shard restarting after a failed journal write — for a minute at most, then the run reports what it saw.
        var flushing = Stopwatch.StartNew();
        string flushed = "flushed";
        while (true)
        {
            try
            {
                await store.FlushAsync();
                break;
            }
            catch (Exception error) when (error is StoreOverloadedException or StoreUnavailableException or TimeoutException)
            {
                if (flushing.Elapsed > TimeSpan.FromMinutes(1))
                {
                    flushed = $"NOT flushed within a minute: {error.GetType().Name}: {error.Message}";
                    break;
                }

                await Task.Delay(100);
            }
        }

        // Each shard holds at most its mailbox (capacity messages) and its pending journal events (max-pending-events).
        var maxPending = store.Settings.MaxPendingEvents;
        var bound = (long)Shards * ((Capacity * (ValueSize + 200L)) + (maxPending * (ValueSize + 150L)));
        var info = GC.GetGCMemoryInfo();
        var live = GC.GetTotalMemory(forceFullCollection: true);
        var state = await StatsAfterTheBacklogAsync(store);
        Console.WriteLine($"GC: heap at peak {info.HeapSizeBytes / 1e6:F0} MB, committed {info.TotalCommittedBytes / 1e6:F0} MB; live heap after a full collection {live / 1e6:F0} MB; the store holds {state.Keys:N0} keys, {state.Bytes / 1e6:F1} MB");
        Console.WriteLine($"sustainable: {sustainable:N0} acknowledged writes/s; offered {target:N0}/s ({(offeredRate is null ? "10×" : $"given: {target / sustainable:F0}×")}) for {seconds} s");
        Console.WriteLine($"after the run: {flushed} in {flushing.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"offered {offered:N0} writes, refused {refused:N0} ({refused * 100.0 / Math.Max(1, offered):F1}%), unavailable {unavailable:N0}, accepted {offered - refused - unavailable:N0}");
        Console.WriteLine($"working set: {baseline / 1e6:F0} MB before the overload, peak {peak / 1e6:F0} MB (+{(peak - baseline) / 1e6:F0} MB); " +
                          $"bound: {Shards} shards × ({Capacity} queued × ~{ValueSize + 200} B + {maxPending} pending events × ~{ValueSize + 150} B) = {bound / 1e6:F1} MB plus the fixed overhead");
        Console.WriteLine($"live heap after the overload: {live / 1e6:F0} MB; growth of the working set over the bound: {(peak - baseline) / (double)bound:F2}× (bounded when the growth stays near the bound, not with the offered load)");
        await system.Terminate();
        return 0;
    }

    // The stats wait behind whatever the shards still have to commit; a shard restarting answers unavailable.
    private static async Task<StoreStats> StatsAfterTheBacklogAsync(ActorStateStore store)
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await store.StatsAsync();
            }
            catch (Exception error) when (error is StoreUnavailableException or TimeoutException && waiting.Elapsed < TimeSpan.FromMinutes(1))
            {
                await Task.Delay(100);
            }
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
