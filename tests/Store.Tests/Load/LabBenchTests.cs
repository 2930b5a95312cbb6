using System.Text.Json;
using Actors.Store.Load;
using Actors.Store.Reports;
using Actors.Store.Strategies;

namespace Actors.Store.Tests.Load;

public sealed class LabBenchTests
{
    private static readonly WorkloadOptions Small = new()
    {
        KeyCount = 500,
        Concurrency = 4,
        Operations = 40_000,
        Mix = OperationMix.Parse("read=40,write=30,increment=20,cas=8,scan=2"),
        LatencySampleEvery = 1,
    };

    [Theory]
    [InlineData(StrategyNames.Locked)]
    [InlineData(StrategyNames.ReaderWriterLocked)]
    [InlineData(StrategyNames.Striped)]
    [InlineData(StrategyNames.Concurrent)]
    [InlineData(StrategyNames.CopyOnWrite)]
    public async Task A_synchronised_strategy_is_clean_and_its_counts_add_up(string strategy)
    {
        var report = await LabBench.RunAsync(new BenchOptions { Workload = Small, Strategies = [strategy], MeasureOverhead = false }, StrategyRegistry.CreateDefault());

        var result = Assert.Single(report.Results);
        Assert.Equal(strategy, result.Strategy);
        Assert.Equal(Verdict.Clean, result.Verdict);
        Assert.Equal(40_000, result.Operations);
        Assert.Equal(40_000, result.OperationsByKind.Values.Sum());
        Assert.Equal(40_000, result.Latency.Count);
        Assert.Equal(result.Correctness.AcknowledgedIncrements, result.Correctness.CounterSum);
        Assert.Equal(result.OperationsByKind["increment"], result.Correctness.AcknowledgedIncrements);
        Assert.Equal(500 + result.OperationsByKind["write"] + result.CasSucceeded, result.Correctness.AcknowledgedWrites);
        Assert.Equal(result.OperationsByKind["read"], result.ReadHits);
        Assert.True(result.Latency.P50 <= result.Latency.P99 && result.Latency.P99 <= result.Latency.Max);
        Assert.True(result.Throughput > 0 && result.NsPerOperation > 0);
    }

    [Fact]
    public async Task The_unsynchronised_baseline_is_caught_losing_data_or_breaking()
    {
        // Racing writers on a plain Dictionary: run short rounds until the lab observes an effect, or give up
        // after a generous bound. The effect is probabilistic per round, certain over rounds.
        var registry = StrategyRegistry.CreateDefault();
        var workload = WorkloadPresets.Get(WorkloadPresets.HotIncrements) with
        {
            Mix = OperationMix.Parse("write=50,increment=50"),
            KeyCount = 2_000,
            Concurrency = 4,
            Duration = TimeSpan.FromMilliseconds(400),
            Warmup = TimeSpan.Zero,
        };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        StrategyResult result;
        do
        {
            var report = await LabBench.RunAsync(new BenchOptions { Workload = workload, Strategies = [StrategyNames.Direct], MeasureOverhead = false }, registry);
            result = Assert.Single(report.Results);
        }
        while (result.Verdict == Verdict.Clean && DateTime.UtcNow < deadline);

        Assert.True(result.Verdict is Verdict.DataLost or Verdict.Corrupted or Verdict.GuardTripped, $"no effect observed: {result.VerdictDetail}");
        Assert.True(result.Correctness.Lost > 0 || result.Correctness.GuardTrips > 0 || result.Correctness.Corrupted || result.Correctness.Integrity?.IsCorrupted == true);
        Assert.True(result.Operations > 0);
    }

    [Fact]
    public async Task Rejections_are_counted_as_rejected_and_never_as_lost()
    {
        var registry = new StrategyRegistry();
        registry.Register("rejecting", "refuses every fifth write", (_, _) => ValueTask.FromResult<IKeyValueStrategy>(new RejectingStrategy()));
        var report = await LabBench.RunAsync(new BenchOptions { Workload = Small with { Prefill = false }, Strategies = ["rejecting"], MeasureOverhead = false }, registry);

        var result = Assert.Single(report.Results);
        Assert.Equal(Verdict.Rejected, result.Verdict);
        Assert.True(result.Correctness.Rejected > 1_000, result.VerdictDetail);
        Assert.Equal(0, result.Correctness.Lost);
        Assert.Equal(0, result.Correctness.GuardTrips);
    }

    [Fact]
    public async Task The_open_loop_measures_queueing_behind_a_stall_that_the_closed_loop_hides()
    {
        // One worker at 2,000 ops/s; operation 200 stalls for 300 ms. The closed loop sees one slow operation; the
        // open loop charges every operation scheduled during the stall with its wait (no coordinated omission).
        var registry = new StrategyRegistry();
        registry.Register("stalling", "stalls once", (_, _) => ValueTask.FromResult<IKeyValueStrategy>(new StallingStrategy(200, TimeSpan.FromMilliseconds(300))));
        var workload = new WorkloadOptions { KeyCount = 100, Concurrency = 1, Operations = 2_000, Prefill = false, Mix = OperationMix.Parse("read=100") };

        var closed = Assert.Single((await LabBench.RunAsync(new BenchOptions { Workload = workload with { LatencySampleEvery = 1 }, Strategies = ["stalling"], MeasureOverhead = false }, registry)).Results);
        var open = Assert.Single((await LabBench.RunAsync(new BenchOptions { Workload = workload with { Loop = LoopMode.Open, TargetRate = 2_000 }, Strategies = ["stalling"], MeasureOverhead = false }, registry)).Results);

        Assert.True(closed.Latency.Max >= 290_000, $"closed max {closed.Latency.Max} µs");
        Assert.True(closed.Latency.P90 < 50_000, $"closed p90 {closed.Latency.P90} µs");
        Assert.True(open.Latency.P90 >= 50_000, $"open p90 {open.Latency.P90} µs: the queue behind the stall was not measured");
        Assert.True(open.ElapsedSeconds >= 0.9, $"the open loop finished 2,000 operations at 2,000/s in {open.ElapsedSeconds} s");
    }

    [Fact]
    public async Task A_hung_strategy_costs_a_verdict_not_the_run()
    {
        var registry = new StrategyRegistry();
        registry.Register("hanging", "blocks one operation", (_, _) => ValueTask.FromResult<IKeyValueStrategy>(new HangingStrategy()));
        var options = new BenchOptions
        {
            Workload = Small with { Operations = null, Duration = TimeSpan.FromMilliseconds(300), Warmup = TimeSpan.Zero },
            Strategies = ["hanging"],
            MeasureOverhead = false,
            HangTimeout = TimeSpan.FromSeconds(1),
        };

        var result = Assert.Single((await LabBench.RunAsync(options, registry).WaitAsync(TimeSpan.FromSeconds(60))).Results);
        Assert.Equal(Verdict.Corrupted, result.Verdict);
        Assert.Equal(1, result.Correctness.HungOperations);
        Assert.Contains("1 operations hung", result.VerdictDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipelined_writes_are_verified_once_flushed()
    {
        var workload = WorkloadPresets.Get(WorkloadPresets.PipelinedWrites) with { KeyCount = 1_000, Operations = 50_000, Concurrency = 4, PipelineDepth = 100 };
        var result = Assert.Single((await LabBench.RunAsync(new BenchOptions { Workload = workload, Strategies = [StrategyNames.Concurrent], MeasureOverhead = false }, StrategyRegistry.CreateDefault())).Results);
        Assert.Equal(Verdict.Clean, result.Verdict);
        Assert.Equal(1_000 + 50_000, result.Correctness.AcknowledgedWrites);
    }

    [Fact]
    public async Task The_run_reports_progress_overhead_and_writes_json_with_each_strategys_counts()
    {
        var directory = Directory.CreateTempSubdirectory("lab-bench-");
        try
        {
            var json = Path.Combine(directory.FullName, "out", "bench.json");
            var html = Path.Combine(directory.FullName, "bench.html");
            var phases = new List<BenchPhase>();
            var options = new BenchOptions
            {
                Workload = Small with { Operations = null, Duration = TimeSpan.FromMilliseconds(300), Warmup = TimeSpan.FromMilliseconds(100) },
                Strategies = [StrategyNames.Direct, StrategyNames.Concurrent],
                JsonPath = json,
                HtmlPath = html,
            };

            var report = await LabBench.RunAsync(options, StrategyRegistry.CreateDefault(), new ImmediateProgress<BenchProgress>(p =>
            {
                lock (phases)
                {
                    phases.Add(p.Phase);
                }
            }));

            Assert.Contains(BenchPhase.Calibrating, phases);
            Assert.Contains(BenchPhase.WarmingUp, phases);
            Assert.Contains(BenchPhase.Measuring, phases);
            Assert.Contains(BenchPhase.Done, phases);
            Assert.NotNull(report.Overhead);
            Assert.True(report.Overhead!.LabNsPerOperation > 0);

            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var results = document.RootElement.GetProperty("results");
            Assert.Equal(["direct", "concurrent"], results.EnumerateArray().Select(r => r.GetProperty("strategy").GetString()));
            foreach (var result in results.EnumerateArray())
            {
                var correctness = result.GetProperty("correctness");
                foreach (var property in new[] { "lost", "lostWrites", "lostIncrements", "guardTrips", "guardTripsByType", "rejected", "corrupted", "hungOperations" })
                {
                    Assert.True(correctness.TryGetProperty(property, out _), $"correctness.{property} is missing");
                }
            }

            Assert.Equal("clean", results[1].GetProperty("verdict").GetString());
            Assert.True(File.Exists(html));
            Assert.Equal(report.Results.Count, JsonReport.DeserializeBench(await File.ReadAllTextAsync(json))!.Results.Count);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Unknown_strategies_and_invalid_workloads_fail_before_running()
    {
        var registry = StrategyRegistry.CreateDefault();
        await Assert.ThrowsAsync<ArgumentException>(() => LabBench.RunAsync(new BenchOptions { Strategies = ["no-such-strategy"] }, registry));
        await Assert.ThrowsAsync<ArgumentException>(() => LabBench.RunAsync(new BenchOptions { Workload = new WorkloadOptions { Concurrency = 0 } }, registry));
    }
}
