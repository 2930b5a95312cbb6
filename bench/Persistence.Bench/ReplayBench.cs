using System.Diagnostics;
using Actors.Persistence;
using Actors.Persistence.Journal;

/// <summary>
/// Recovery: writes one persistence id's long history, then replays it whole, watching the managed heap
/// to show the history is streamed rather than loaded.
/// </summary>
static class ReplayBench
{
    public static async Task<string> RunAsync(string name, Func<Task<IJournal>> open, BenchOptions options)
    {
        await using IJournal journal = await open();
        const string persistenceId = "replay";
        byte[] payload = new byte[options.PayloadBytes];
        Random.Shared.NextBytes(payload);

        const int eventsPerWrite = 1000;
        var pending = new List<AtomicWrite>();
        for (long seq = 1; seq <= options.ReplayEvents; seq += eventsPerWrite)
        {
            int count = (int)Math.Min(eventsPerWrite, options.ReplayEvents - seq + 1);
            var events = new PersistentRepr[count];
            for (int i = 0; i < count; i++)
            {
                events[i] = new PersistentRepr(persistenceId, seq + i, "bench", payload, DateTimeOffset.UtcNow, "bench");
            }

            pending.Add(new AtomicWrite(events));
            if (pending.Count == 50)
            {
                await WriteAllAsync(journal, pending);
            }
        }

        await WriteAllAsync(journal, pending);

        long best = long.MaxValue;
        long peakHeap = 0;
        long replayed = 0;
        for (int round = 0; round < 3; round++)
        {
            GC.Collect();
            long baseline = GC.GetTotalMemory(forceFullCollection: true);
            var clock = Stopwatch.StartNew();
            replayed = 0;
            long expected = 1;
            await foreach (PersistentRepr e in journal.ReplayAsync(persistenceId, 1, long.MaxValue, long.MaxValue))
            {
                if (e.SequenceNr != expected++)
                {
                    throw new InvalidOperationException($"Replay out of order at {e.SequenceNr}.");
                }

                if ((++replayed & 0xFFFF) == 0)
                {
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false) - baseline);
                }
            }

            best = Math.Min(best, clock.ElapsedTicks);
            if (replayed != options.ReplayEvents)
            {
                throw new InvalidOperationException($"Replayed {replayed} events, expected {options.ReplayEvents}.");
            }
        }

        double seconds = (double)best / Stopwatch.Frequency;
        return $"{name}: {replayed / seconds,12:N0} events/s ({replayed:N0} events in {seconds:F2} s, best of 3; managed heap grew at most {peakHeap / (1024.0 * 1024):F1} MiB while replaying ~{replayed * (options.PayloadBytes + 80) / (1024.0 * 1024):F0} MiB of events)";
    }

    private static async Task WriteAllAsync(IJournal journal, List<AtomicWrite> writes)
    {
        foreach (WriteOutcome outcome in await journal.WriteAsync(writes))
        {
            if (!outcome.IsSuccess)
            {
                throw new InvalidOperationException("Writing the replay history failed.", outcome.Error);
            }
        }

        writes.Clear();
    }
}
