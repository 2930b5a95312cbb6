using Actors.Store.Load;
using Actors.Store.Scenarios;
using Actors.Store.Strategies;

namespace Actors.Store.Tests.Scenarios;

public sealed class ScenarioRunnerTests
{
    private static readonly StrategyRegistry Registry = StrategyRegistry.CreateDefault();

    public static TheoryData<string> Names() => [.. ScenarioCatalogue.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Every_synchronised_strategy_comes_out_clean(string name)
    {
        var options = new ScenarioOptions
        {
            Names = [name],
            Strategies = [.. StrategyNames.Catalogue.Where(s => s != StrategyNames.Direct)],

            // Room for the callbacks scenario's untracked burst at one shard: a bounded mailbox would refuse it
            // (a "rejected" verdict, tested below), and this test is about correctness.
            StrategyOptions = StrategyOptions.Default with { MailboxCapacity = 8192 },
            MaxRounds = 2,
            Size = 300,
        };

        var report = await ScenarioRunner.RunAsync(options, Registry);

        var scenario = Assert.Single(report.Scenarios);
        Assert.Equal(7, scenario.Outcomes.Count);
        Assert.All(scenario.Outcomes, outcome =>
        {
            Assert.True(outcome.Verdict == Verdict.Clean, $"{outcome.Strategy}: {outcome.VerdictDetail}");
            Assert.True(outcome.Counts.AcknowledgedWrites + outcome.Counts.AcknowledgedIncrements > 0, $"{outcome.Strategy} did nothing");
            Assert.True(outcome.Counts.CounterSum == outcome.Counts.AcknowledgedIncrements, $"{outcome.Strategy}: counters sum to {outcome.Counts.CounterSum}, {outcome.Counts.AcknowledgedIncrements} acknowledged");
        });
    }

    [Theory]
    [InlineData("write-write")]
    [InlineData("resize-burst")]
    [InlineData("async-continuations")]
    [InlineData("enumerate-during-write")]
    public async Task The_unsynchronised_map_is_caught_within_a_generous_bound(string name)
    {
        var outcome = await ScenarioRunner.RunCellAsync(
            ScenarioCatalogue.Resolve([name])[0],
            StrategyNames.Direct,
            new ScenarioOptions { MaxRounds = 500, TimeLimit = TimeSpan.FromSeconds(60) },
            Registry);

        Assert.NotEqual(Verdict.Clean, outcome.Verdict);
        Assert.True(outcome.Counts.Lost > 0 || outcome.Counts.GuardTrips > 0 || outcome.Counts.Corrupted, outcome.VerdictDetail);
    }

    [Fact]
    public async Task The_go_faithful_map_fails_loudly_and_loses_nothing()
    {
        var outcome = await ScenarioRunner.RunCellAsync(
            ScenarioCatalogue.Resolve(["write-write"])[0],
            StrategyNames.DirectGo,
            new ScenarioOptions { MaxRounds = 500, TimeLimit = TimeSpan.FromSeconds(60) },
            Registry);

        Assert.Equal(Verdict.GuardTripped, outcome.Verdict);
        Assert.Equal(0, outcome.Counts.Lost);
        Assert.Contains(outcome.Counts.Exceptions, e => e.Message == "fatal error: concurrent map writes");
    }

    [Fact]
    public void The_catalogue_is_numbered_named_and_explained()
    {
        Assert.Equal(Enumerable.Range(1, 15), ScenarioCatalogue.All.Select(s => s.Number));
        Assert.Equal(15, ScenarioCatalogue.All.Select(s => s.Name).Distinct().Count());
        Assert.All(ScenarioCatalogue.All, s => Assert.True(s.Explanation.Length > 200, s.Name));
        Assert.Equal("lazy-init", ScenarioCatalogue.Resolve(["15"])[0].Name);
        Assert.Contains("Known: write-write, read-during-write", Assert.Throws<ArgumentException>(() => ScenarioCatalogue.Resolve(["nope"])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ScenarioOptions { Workers = 1 }.Validate());
    }

    [Fact]
    public async Task Rejections_in_a_scenario_are_counted_as_rejected()
    {
        var registry = new StrategyRegistry();
        registry.Register("rejecting", "refuses every fifth write", (_, _) => ValueTask.FromResult<IKeyValueStrategy>(new Load.RejectingStrategy()));
        var outcome = await ScenarioRunner.RunCellAsync(ScenarioCatalogue.Resolve(["write-write"])[0], "rejecting", new ScenarioOptions { MaxRounds = 3, Size = 200 }, registry);
        Assert.Equal(Verdict.Rejected, outcome.Verdict);
        Assert.Equal(1, outcome.Rounds);
        Assert.True(outcome.Counts.Rejected > 0);
        Assert.Equal(0, outcome.Counts.Lost);
    }
}
