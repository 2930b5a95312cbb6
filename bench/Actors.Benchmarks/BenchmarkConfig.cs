using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Actors.Benchmarks;

/// <summary>
/// A short job: this is a 2-core machine, and the figures are ratios measured side by side. With
/// <c>ACTORS_BENCH_SHORT=1</c> (what bench/own-runtime/run.sh sets) it is shorter still, BenchmarkDotNet's short run
/// (3 warm-ups, 3 iterations) in this process, which builds nothing and so runs from any directory.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Environment.GetEnvironmentVariable("ACTORS_BENCH_SHORT") == "1"
            ? Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance)
            : Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.OperationsPerSecond);
        AddColumnProvider(DefaultColumnProviders.Instance);
    }
}
