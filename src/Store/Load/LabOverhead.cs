using System.Diagnostics;

namespace Actors.Store.Load;

/// <summary>
/// Measures what the lab itself costs per operation: one worker replays the workload against
/// <see cref="NullStrategy"/>, so everything it spends — reading the script, building values, timing, recording
/// histograms, keeping the acknowledgement ledger, the interface call — is overhead. The best of a few short
/// rounds is taken, as noise only ever adds time. The first round also brings the loop to optimised code.
/// </summary>
public static class LabOverhead
{
    public static async Task<double> MeasureAsync(WorkloadOptions workload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workload);
        workload = workload with { Loop = LoopMode.Closed, Concurrency = 1 };
        workload.Validate();
        var keys = new KeySpace(workload.KeyCount);
        var script = OperationScript.Generate(workload, 0);
        return await MeasureAsync(workload, keys, script, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<double> MeasureAsync(WorkloadOptions workload, KeySpace keys, OperationScript script, CancellationToken cancellationToken)
    {
        const int Rounds = 5;
        const long OperationsPerRound = 1 << 20;
        workload = workload with { Loop = LoopMode.Closed };
        var best = double.MaxValue;
        await using var strategy = new NullStrategy();
        for (var round = 0; round < Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var worker = new LoadWorker(0, strategy, workload, keys, script, new RunControl());
            var cpu = Environment.CpuUsage.TotalTime;
            var start = Stopwatch.GetTimestamp();
            await Task.Factory.StartNew(
                () => worker.RunAsync(OperationsPerRound, start, 0), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap().ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(start);
            cpu = Environment.CpuUsage.TotalTime - cpu;

            // Wall time counts other processes' turns on the core; CPU time counts the rest of this process: the
            // smaller is the closer to the worker's own cost.
            var spent = cpu > TimeSpan.Zero ? Math.Min(elapsed.TotalNanoseconds, cpu.TotalNanoseconds) : elapsed.TotalNanoseconds;
            best = Math.Min(best, spent / OperationsPerRound);
        }

        return Math.Round(best, 2);
    }
}
