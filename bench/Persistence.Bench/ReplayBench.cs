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
        long replayed = 0;
        for (int round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            replayed = 0;
            long expected = 1;
            await foreach (PersistentRepr e in journal.ReplayAsync(persistenceId, 1, long.MaxValue, long.MaxValue))
            {
                if (e.SequenceNr != expected++)
                {
                    throw new InvalidOperationException($"Replay out of order at {e.SequenceNr}.");
                }

                replayed++;
            }

            best = Math.Min(best, clock.ElapsedTicks);
            if (replayed != options.ReplayEvents)
            {
                throw new InvalidOperationException($"Replayed {replayed} events, expected {options.ReplayEvents}.");
            }
        }

        // An untimed pass that measures the live heap (after a full collection) every 100,000 events: it stays
        // flat when the history is streamed, and would grow by the history's size if it were loaded.
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peakLive = 0;
        long seen = 0;
        await foreach (PersistentRepr e in journal.ReplayAsync(persistenceId, 1, long.MaxValue, long.MaxValue))
        {
            if (++seen % 100_000 == 0)
            {
                peakLive = Math.Max(peakLive, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        double seconds = (double)best / Stopwatch.Frequency;
        return $"{name}: {replayed / seconds,12:N0} events/s ({replayed:N0} events in {seconds:F2} s, best of 3; live heap during replay at most {peakLive / 1024.0:N0} KiB above its start, for ~{replayed * (options.PayloadBytes + 100) / (1024.0 * 1024):N0} MiB of events)";
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
