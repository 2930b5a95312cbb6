using System.Diagnostics;
using Actors.Store.Reports;
using Actors.Store.Strategies;

namespace Actors.Store.Load;

/// <summary>
/// The comparison lab's <c>bench</c>: the same workload against each strategy in turn, with throughput, latency
/// and a correctness verdict for each, written to JSON and HTML when asked.
/// </summary>
public static class LabBench
{
    /// <summary>
    /// Runs the lab. Strategies run one after another (so they do not compete for the cores), each on a fresh
    /// instance, all replaying the identical operation sequence.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid or name an unknown strategy.</exception>
    public static async Task<BenchReport> RunAsync(BenchOptions options, StrategyRegistry registry, IProgress<BenchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        options.Workload.Validate();
        options.StrategyOptions.Validate();
        var names = registry.Resolve(options.Strategies);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        var keys = new KeySpace(options.Workload.KeyCount);
        var scripts = Enumerable.Range(0, options.Workload.Concurrency).Select(worker => OperationScript.Generate(options.Workload, worker)).ToArray();
        double? labCost = null;
        if (options.MeasureOverhead)
        {
            progress?.Report(new BenchProgress("lab", 0, names.Count, BenchPhase.Calibrating, 0, 0, 0));
            labCost = await LabOverhead.MeasureAsync(options.Workload, keys, scripts[0], cancellationToken).ConfigureAwait(false);
        }

        var results = new List<StrategyResult>(names.Count);
        for (var index = 0; index < names.Count; index++)
        {
            var name = names[index];
            var position = index;
            var bench = new StrategyBench(options, keys, scripts, (phase, fraction, operations, rate) =>
                progress?.Report(new BenchProgress(name, position, names.Count, phase, fraction, operations, rate)));
            var result = await bench.RunAsync(registry.Get(name), cancellationToken).ConfigureAwait(false);
            results.Add(result);
            progress?.Report(new BenchProgress(name, index, names.Count, BenchPhase.Done, 1, result.Operations, result.Throughput));
        }

        var report = new BenchReport
        {
            StartedAt = started,
            ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
            WorkloadName = options.WorkloadName,
            Workload = options.Workload,
            StrategyOptions = options.StrategyOptions,
            Results = results,
            Overhead = labCost is { } cost ? CompareOverhead(cost, results) : null,
        };

        if (options.JsonPath is { } json)
        {
            await JsonReport.WriteAsync(report, json, cancellationToken).ConfigureAwait(false);
        }

        if (options.HtmlPath is { } html)
        {
            await HtmlReport.WriteAsync(report, html, cancellationToken).ConfigureAwait(false);
        }

        return report;
    }

    private static LabOverheadResult CompareOverhead(double labCost, IReadOnlyList<StrategyResult> results)
    {
        var fastest = results.Where(r => r.Operations > 0).MinBy(r => r.NsPerOperation);
        return fastest is null
            ? new LabOverheadResult(labCost, null, 0, 0)
            : new LabOverheadResult(labCost, fastest.Strategy, fastest.NsPerOperation, Math.Round(labCost / fastest.NsPerOperation, 4));
    }
}
