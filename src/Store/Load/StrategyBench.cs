using System.Diagnostics;
using Actors.Store.Strategies;

namespace Actors.Store.Load;

/// <summary>
/// Runs the workload against one strategy: create, prefill, warm up, measure, stop, verify, dispose — each step
/// that touches the strategy under a watchdog, so that a hung or crashing strategy costs a verdict, never the run.
/// </summary>
internal sealed class StrategyBench(BenchOptions options, KeySpace keys, IReadOnlyList<OperationScript> scripts, Action<BenchPhase, double, long, double> report)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    private WorkloadOptions Workload => options.Workload;

    public async Task<StrategyResult> RunAsync(StrategyDescriptor descriptor, CancellationToken cancellationToken)
    {
        report(BenchPhase.Starting, 0, 0, 0);
        IKeyValueStrategy strategy;
        try
        {
            strategy = await descriptor.Factory(options.StrategyOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return Failed(descriptor, $"could not be created: {error.GetType().Name}: {error.Message}");
        }

        try
        {
            return await MeasureAsync(descriptor, strategy, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await Watchdog.RunAsync(
                async () =>
                {
                    await strategy.DisposeAsync().ConfigureAwait(false);
                    return true;
                },
                options.HangTimeout,
                CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<StrategyResult> MeasureAsync(StrategyDescriptor descriptor, IKeyValueStrategy strategy, CancellationToken cancellationToken)
    {
        var prefill = new AckLedger(keys.Count);
        var setupExceptions = new ExceptionTally();
        if (Workload.Prefill)
        {
            report(BenchPhase.Prefilling, 0, 0, 0);
            var outcome = await Watchdog.RunAsync(() => PrefillAsync(strategy, prefill, cancellationToken), options.HangTimeout, cancellationToken).ConfigureAwait(false);
            if (outcome.Status != WatchdogStatus.Completed)
            {
                return Failed(descriptor, outcome.Status == WatchdogStatus.TimedOut ? "hung while prefilling" : $"failed while prefilling: {outcome.Error?.Message}");
            }
        }

        var control = new RunControl();
        var workers = scripts.Select((script, id) => new LoadWorker(id, strategy, Workload, keys, script, control)).ToArray();
        var ticksPerOperation = Workload.Loop == LoopMode.Open ? Stopwatch.Frequency * Workload.Concurrency / Workload.TargetRate : 0;
        var start = Stopwatch.GetTimestamp();
        var tasks = workers.Select((worker, id) => Task.Factory.StartNew(
            () => worker.RunAsync(Quota(id), start + (long)(ticksPerOperation * id / Workload.Concurrency), ticksPerOperation),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()).ToArray();
        var all = Task.WhenAll(tasks);
        var cpuAtStart = Environment.CpuUsage.TotalTime;

        try
        {
            if (Workload.Operations is null && Workload.Warmup > TimeSpan.Zero)
            {
                await WatchAsync(all, workers, BenchPhase.WarmingUp, Workload.Warmup, cancellationToken).ConfigureAwait(false);
                control.BeginMeasuring();
            }

            start = Stopwatch.GetTimestamp();
            cpuAtStart = Environment.CpuUsage.TotalTime;
            await WatchAsync(all, workers, BenchPhase.Measuring, Workload.Operations is null ? Workload.Duration : Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            control.Stop();
        }

        var hung = 0;
        var stopped = Stopwatch.GetTimestamp();
        try
        {
            await all.WaitAsync(options.HangTimeout, cancellationToken).ConfigureAwait(false);
            stopped = Stopwatch.GetTimestamp();
        }
        catch (TimeoutException)
        {
            hung = tasks.Count(t => !t.IsCompleted);
        }

        var elapsed = Stopwatch.GetElapsedTime(start, stopped);
        var cpu = Environment.CpuUsage.TotalTime - cpuAtStart;
        report(BenchPhase.Verifying, 1, 0, 0);
        if (Workload.Writes == WriteMode.Pipelined)
        {
            var finished = workers.Where((_, id) => tasks[id].IsCompletedSuccessfully).ToArray();
            var flush = await Watchdog.RunAsync(
                async () =>
                {
                    foreach (var worker in finished)
                    {
                        await worker.FlushAsync().ConfigureAwait(false);
                    }

                    return true;
                },
                options.HangTimeout,
                cancellationToken).ConfigureAwait(false);
            hung += flush.Status == WatchdogStatus.TimedOut ? 1 : 0;
        }

        var stats = new WorkerStats();
        foreach (var worker in workers)
        {
            stats.Add(worker.Stats);
        }

        stats.Exceptions.Add(setupExceptions);
        foreach (var task in tasks.Where(t => t.IsFaulted))
        {
            stats.Exceptions.Record(task.Exception!.GetBaseException());
        }

        var correctness = await VerifyAsync(strategy, [.. workers.Select(w => w.Ledger), prefill], stats, hung, cancellationToken).ConfigureAwait(false);
        return Summarise(descriptor, stats, elapsed, cpu, correctness);
    }

    private async Task<CorrectnessCounts> VerifyAsync(IKeyValueStrategy strategy, IReadOnlyList<AckLedger> ledgers, WorkerStats stats, int hung, CancellationToken cancellationToken)
    {
        var verified = await Watchdog.RunAsync(() => ContentVerifier.VerifyAsync(strategy, keys, ledgers, cancellationToken), options.HangTimeout, cancellationToken).ConfigureAwait(false);
        var counts = verified.Value ?? new CorrectnessCounts
        {
            AcknowledgedWrites = ledgers.Sum(l => l.AcknowledgedWrites),
            AcknowledgedIncrements = ledgers.Sum(l => l.AcknowledgedIncrements),
            Corruption = verified.Status == WatchdogStatus.TimedOut
                ? $"verification hung for {options.HangTimeout.TotalSeconds:0.#} s"
                : $"verification failed: {verified.Error?.GetType().Name}: {verified.Error?.Message}",
        };

        IntegrityReport? integrity = null;
        if (strategy is IIntegrityProbe probe)
        {
            var inspected = await Watchdog.RunAsync(() => Task.FromResult(probe.Inspect()), options.HangTimeout, cancellationToken).ConfigureAwait(false);
            integrity = inspected.Value;
            if (inspected.Status == WatchdogStatus.TimedOut)
            {
                counts = counts with { Corruption = counts.Corruption ?? $"inspection hung for {options.HangTimeout.TotalSeconds:0.#} s" };
            }
        }

        return counts with
        {
            GuardTrips = stats.Exceptions.Total,
            GuardTripsByType = stats.Exceptions.ByType(),
            Exceptions = stats.Exceptions.ToList(),
            Rejected = stats.Rejected,
            MisreadValues = counts.MisreadValues + stats.MisreadValues,
            HungOperations = hung,
            Integrity = integrity,
        };
    }

    private StrategyResult Summarise(StrategyDescriptor descriptor, WorkerStats stats, TimeSpan elapsed, TimeSpan cpu, CorrectnessCounts correctness)
    {
        var operations = stats.TotalOperations;
        var overall = LatencyHistograms.Create();
        var byKind = new Dictionary<string, LatencySummary>(StringComparer.Ordinal);
        var countsByKind = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            if (stats.Operations[(int)kind] == 0)
            {
                continue;
            }

            overall.Add(stats.Latency[(int)kind]);
            byKind[Name(kind)] = stats.Latency[(int)kind].Summarize();
            countsByKind[Name(kind)] = stats.Operations[(int)kind];
        }

        // The cost of an operation is the CPU the process spent on it: wall time × usable cores overstates it when
        // other processes share the machine, and CPU time overstates it when something else in the process runs, so
        // the smaller of the two is the closer estimate.
        var cores = Math.Min(Workload.Concurrency, Environment.ProcessorCount);
        var spent = cpu > TimeSpan.Zero ? Math.Min(elapsed.TotalNanoseconds * cores, cpu.TotalNanoseconds) : elapsed.TotalNanoseconds * cores;
        return new StrategyResult
        {
            Strategy = descriptor.Name,
            Description = descriptor.Description,
            Operations = operations,
            ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 3),
            Throughput = elapsed > TimeSpan.Zero ? Math.Round(operations / elapsed.TotalSeconds) : 0,
            NsPerOperation = operations > 0 ? Math.Round(spent / operations, 2) : 0,
            OperationsByKind = countsByKind,
            Latency = overall.Summarize(),
            LatencyByKind = byKind,
            ReadHits = stats.ReadHits,
            ReadMisses = stats.ReadMisses,
            CasSucceeded = stats.CasSucceeded,
            CasFailed = stats.CasFailed,
            ScannedEntries = stats.ScannedEntries,
            Correctness = correctness,
            Verdict = VerdictRules.Decide(correctness),
            VerdictDetail = VerdictRules.Explain(correctness),
        };
    }

    private async Task<bool> PrefillAsync(IKeyValueStrategy strategy, AckLedger ledger, CancellationToken cancellationToken)
    {
        // The prefill writes as one more writer (id = concurrency), so its writes are told apart from the workers'.
        for (var key = 0; key < keys.Count; key++)
        {
            var writeId = ValueStamp.WriteId(Workload.Concurrency, key + 1);
            var version = await strategy.SetAsync(keys.Values[key], ValueStamp.Create(Workload.ValueSize, writeId, key), cancellationToken).ConfigureAwait(false);
            ledger.Written(key, version, writeId);
        }

        return true;
    }

    /// <summary>Reports progress until <paramref name="span"/> passes (infinite: until the workers finish).</summary>
    private async Task WatchAsync(Task workers, LoadWorker[] all, BenchPhase phase, TimeSpan span, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var total = Workload.Operations ?? 0;
        long lastOperations = all.Sum(w => w.Completed);
        var lastTime = started;
        while (!workers.IsCompleted)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var remaining = span == Timeout.InfiniteTimeSpan ? ProgressInterval : span - elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            await Task.WhenAny(workers, Task.Delay(remaining < ProgressInterval ? remaining : ProgressInterval, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var now = Stopwatch.GetTimestamp();
            var operations = all.Sum(w => w.Completed);
            var rate = (operations - lastOperations) / Math.Max(1e-9, Stopwatch.GetElapsedTime(lastTime, now).TotalSeconds);
            (lastOperations, lastTime) = (operations, now);
            var fraction = span == Timeout.InfiniteTimeSpan
                ? (total > 0 ? Math.Min(1, (double)operations / total) : 0)
                : Math.Min(1, Stopwatch.GetElapsedTime(started, now) / span);
            report(phase, fraction, operations, rate);
        }
    }

    private long Quota(int worker)
    {
        if (Workload.Operations is not { } operations)
        {
            return long.MaxValue;
        }

        var share = operations / Workload.Concurrency;
        return share + (worker < operations % Workload.Concurrency ? 1 : 0);
    }

    private static string Name(OperationKind kind) => kind.ToString().ToLowerInvariant();

    private static StrategyResult Failed(StrategyDescriptor descriptor, string error) => new()
    {
        Strategy = descriptor.Name,
        Description = descriptor.Description,
        Verdict = Verdict.Corrupted,
        VerdictDetail = error,
        Error = error,
        Correctness = new CorrectnessCounts { Corruption = error },
    };
}
