using Actors.Store.Load;
using Actors.Store.Strategies;

namespace Actors.Store.Tests.Load;

public sealed class VerdictRulesTests
{
    private static readonly CorrectnessCounts Healthy = new() { AcknowledgedWrites = 1000, AcknowledgedIncrements = 500, CounterSum = 500 };

    [Fact]
    public void Nothing_wrong_is_clean()
    {
        Assert.Equal(Verdict.Clean, VerdictRules.Decide(Healthy));
        Assert.Equal("all acknowledged operations verified", VerdictRules.Explain(Healthy));
    }

    [Fact]
    public void Rejections_alone_are_rejected_not_errors()
    {
        var counts = Healthy with { Rejected = 42 };
        Assert.Equal(Verdict.Rejected, VerdictRules.Decide(counts));
        Assert.Equal("42 operations rejected by design", VerdictRules.Explain(counts));
    }

    [Fact]
    public void Exceptions_without_loss_are_a_guard_trip()
    {
        var counts = Healthy with
        {
            GuardTrips = 3,
            Rejected = 1,
            GuardTripsByType = new Dictionary<string, long> { ["System.InvalidOperationException"] = 2, ["System.IndexOutOfRangeException"] = 1 },
        };
        Assert.Equal(Verdict.GuardTripped, VerdictRules.Decide(counts));
        Assert.Equal("3 exceptions (InvalidOperationException ×2, IndexOutOfRangeException ×1); 1 operations rejected by design", VerdictRules.Explain(counts));
    }

    [Fact]
    public void Loss_outranks_exceptions()
    {
        var counts = Healthy with { LostWrites = 7, LostIncrements = 5, CounterSum = 495, GuardTrips = 1, GuardTripsByType = new Dictionary<string, long> { ["X"] = 1 } };
        Assert.Equal(Verdict.DataLost, VerdictRules.Decide(counts));
        Assert.Equal(12, counts.Lost);
        Assert.StartsWith("lost 7 of 1,000 acknowledged writes; lost 5 of 500 acknowledged increments (counters sum to 495)", VerdictRules.Explain(counts), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hung")]
    [InlineData("misread")]
    [InlineData("integrity")]
    [InlineData("corruption")]
    public void A_broken_map_outranks_everything(string evidence)
    {
        var counts = (Healthy with { LostWrites = 9, GuardTrips = 2 }) with { };
        counts = evidence switch
        {
            "hung" => counts with { HungOperations = 1 },
            "misread" => counts with { MisreadValues = 3 },
            "integrity" => counts with { Integrity = new IntegrityReport(10, 9, 0, 1, 5, 5, null) },
            _ => counts with { Corruption = "verification reads failed" },
        };

        Assert.Equal(Verdict.Corrupted, VerdictRules.Decide(counts));
        Assert.Contains("lost 9 of 1,000 acknowledged writes", VerdictRules.Explain(counts), StringComparison.Ordinal);
    }

    [Fact]
    public void An_intact_integrity_report_does_not_count()
    {
        Assert.Equal(Verdict.Clean, VerdictRules.Decide(Healthy with { Integrity = new IntegrityReport(10, 10, 0, 0, 8, 8, null) }));
        Assert.Equal("Count is 10 but enumeration produced 9 entries; 1 enumerated keys not found by lookup", new IntegrityReport(10, 9, 0, 1, 5, 5, null).Describe());
    }
}
