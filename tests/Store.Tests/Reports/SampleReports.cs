using Actors.Store.Load;
using Actors.Store.Scenarios;
using Actors.Store.Strategies;

namespace Actors.Store.Tests.Reports;

/// <summary>Synthetic results covering every verdict, so the renderers can be checked without running the lab.</summary>
internal static class SampleReports
{
    public static BenchReport Bench() => new()
    {
        StartedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        ElapsedSeconds = 42,
        WorkloadName = "mixed",
        Results =
        [
            Result("direct", 9_000_000, Verdict.Corrupted, new CorrectnessCounts { LostWrites = 12, AcknowledgedWrites = 1000, GuardTrips = 3, GuardTripsByType = new Dictionary<string, long> { ["System.InvalidOperationException"] = 3 }, Corruption = "count says 5 but a scan finds 4" }),
            Result("locked", 4_000_000, Verdict.Clean, new CorrectnessCounts()),
            Result("concurrent", 6_000_000, Verdict.Clean, new CorrectnessCounts()),
            Result("cow", 500_000, Verdict.Clean, new CorrectnessCounts()),
            Result("actor-bounded", 2_000_000, Verdict.Rejected, new CorrectnessCounts { Rejected = 17 }),
            Result("<script>", 1_000, Verdict.DataLost, new CorrectnessCounts { LostIncrements = 4, AcknowledgedIncrements = 10 }),
        ],
        Overhead = new LabOverheadResult(12.5, "concurrent", 150, 0.0833),
    };

    public static ScenarioReport Scenarios() => new()
    {
        StartedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        MaxRounds = 10,
        TimeLimitSeconds = 2,
        Strategies = ["direct", "locked", "direct-go"],
        Scenarios =
        [
            .. ScenarioCatalogue.All.Take(3).Select(s => new ScenarioResult(s.Number, s.Name, s.Title, s.Explanation,
            [
                new ScenarioOutcome("direct", Verdict.DataLost, "lost 3 of 10 acknowledged writes", 2, 0.1, new CorrectnessCounts { LostWrites = 3 }),
                new ScenarioOutcome("locked", Verdict.Clean, "all acknowledged operations verified", 10, 0.5, new CorrectnessCounts()),
                new ScenarioOutcome("direct-go", Verdict.GuardTripped, "1 exceptions (GoFatalError ×1)", 1, 0.1, new CorrectnessCounts { GuardTrips = 1 }),
            ])),
        ],
    };

    private static StrategyResult Result(string name, double throughput, Verdict verdict, CorrectnessCounts counts) => new()
    {
        Strategy = name,
        Description = name + " map",
        Operations = (long)throughput * 4,
        ElapsedSeconds = 4,
        Throughput = throughput,
        NsPerOperation = 2e9 / throughput,
        Latency = new LatencySummary(1000, 0.05, 0.3, 0.2 * 1e6 / throughput, 0.5 * 1e6 / throughput, 2 * 1e6 / throughput, 9 * 1e6 / throughput, 300),
        Correctness = counts,
        Verdict = verdict,
        VerdictDetail = VerdictRules.Explain(counts),
    };
}
