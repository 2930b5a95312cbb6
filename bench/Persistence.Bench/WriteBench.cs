using System.Diagnostics;
using Actors.Persistence;
using Actors.Persistence.Journal;
using Actors.Persistence.PostgreSql;
using Actors.Persistence.Sqlite;

/// <summary>
/// Many concurrent writers, each the only writer of its own persistence id, each writing one small event
/// at a time and waiting for its acknowledgement, as shard actors do.
/// </summary>
static class WriteBench
{
    public static async Task<string> RunAsync(string name, Func<Task<IJournal>> open, BenchOptions options)
    {
        await using IJournal journal = await open();
        byte[] payload = new byte[options.PayloadBytes];
        Random.Shared.NextBytes(payload);

        // Warm up (JIT, page cache, connection) for a fifth of the run, then measure.
        long[] next = new long[options.Writers];
        await RunWritersAsync(journal, payload, next, TimeSpan.FromSeconds(options.Seconds / 5));
        GroupCommitStatistics before = Statistics(journal);
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long events = await RunWritersAsync(journal, payload, next, TimeSpan.FromSeconds(options.Seconds));
        double seconds = clock.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / seconds;
        GroupCommitStatistics after = Statistics(journal);
        long commits = after.Commits - before.Commits;
        return $"{name}: {events / seconds,12:N0} events/s acknowledged ({events:N0} in {seconds:F1} s, {commits:N0} commits, {(commits == 0 ? 0 : (double)events / commits):F1} writes per commit, this process used {cpu:P0} CPU)";
    }

    private static async Task<long> RunWritersAsync(IJournal journal, byte[] payload, long[] next, TimeSpan duration)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var writers = new Task<long>[next.Length];
        for (int w = 0; w < writers.Length; w++)
        {
            int writer = w;
            writers[w] = Task.Run(async () =>
            {
                string persistenceId = $"bench-{writer}";
                long written = 0;
                var one = new AtomicWrite[1];
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    one[0] = new AtomicWrite(new PersistentRepr(persistenceId, ++next[writer], "bench", payload, DateTimeOffset.UtcNow, "bench"));
                    IReadOnlyList<WriteOutcome> outcome = await journal.WriteAsync(one);
                    if (!outcome[0].IsSuccess)
                    {
                        throw new InvalidOperationException("A benchmark write failed.", outcome[0].Error);
                    }

                    written++;
                }

                return written;
            });
        }

        long total = 0;
        foreach (long count in await Task.WhenAll(writers))
        {
            total += count;
        }

        return total;
    }

    public static GroupCommitStatistics Statistics(IJournal journal) => journal switch
    {
        SqliteJournal sqlite => sqlite.Statistics,
        PostgreSqlJournal postgres => postgres.Statistics,
        _ => journal.GetType().GetProperty("Statistics")?.GetValue(journal) as GroupCommitStatistics? ?? default,
    };
}
