using System.Diagnostics;
using Actors.Store.Load;
using Actors.Store.Reports;
using Actors.Store.Strategies;

namespace Actors.Store.Scenarios;

/// <summary>
/// The lab's <c>scenarios</c>: each scenario of the catalogue against each strategy, round after round on fresh
/// maps until an effect shows or the bound passes, each round under a watchdog.
/// </summary>
public static class ScenarioRunner
{
    /// <exception cref="ArgumentException">Invalid options, or an unknown scenario or strategy name.</exception>
    public static async Task<ScenarioReport> RunAsync(ScenarioOptions options, StrategyRegistry registry, IProgress<ScenarioProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        options.Validate();
        options.StrategyOptions.Validate();
        var scenarios = ScenarioCatalogue.Resolve(options.Names);
        var strategies = registry.Resolve(options.Strategies);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var results = new List<ScenarioResult>();
        for (var s = 0; s < scenarios.Count; s++)
        {
            var scenario = scenarios[s];
            var outcomes = new List<ScenarioOutcome>();
            for (var k = 0; k < strategies.Count; k++)
            {
                var (scenarioIndex, strategyIndex) = (s, k);
                var outcome = await RunCellAsync(scenario, strategies[k], options, registry, round =>
                    progress?.Report(new ScenarioProgress(scenario.Name, scenarioIndex, scenarios.Count, strategies[strategyIndex], strategyIndex, strategies.Count, round, null)), cancellationToken).ConfigureAwait(false);
                outcomes.Add(outcome);
                progress?.Report(new ScenarioProgress(scenario.Name, s, scenarios.Count, strategies[k], k, strategies.Count, outcome.Rounds, outcome.Verdict));
            }

            results.Add(new ScenarioResult(scenario.Number, scenario.Name, scenario.Title, scenario.Explanation, outcomes));
        }

        var report = new ScenarioReport
        {
            StartedAt = started,
            ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
            MaxRounds = options.MaxRounds,
            TimeLimitSeconds = options.TimeLimit.TotalSeconds,
            Strategies = strategies,
            Scenarios = results,
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

    /// <summary>Runs one scenario against one strategy until it observes an effect or the bound passes.</summary>
    public static async Task<ScenarioOutcome> RunCellAsync(Scenario scenario, string strategy, ScenarioOptions options, StrategyRegistry registry, Action<int>? onRound = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        var clock = Stopwatch.StartNew();
        var total = new CorrectnessCounts();
        var rounds = 0;
        var unsynchronised = registry.Get(strategy).Unsynchronised;
        var maxRounds = unsynchronised ? Math.Max(options.MaxRounds, options.UnsynchronisedMaxRounds) : options.MaxRounds;
        var timeLimit = unsynchronised && options.UnsynchronisedTimeLimit > options.TimeLimit ? options.UnsynchronisedTimeLimit : options.TimeLimit;
        do
        {
            rounds++;
            onRound?.Invoke(rounds);
            var counts = await RunRoundAsync(scenario, strategy, options, registry, rounds, cancellationToken).ConfigureAwait(false);
            total = Accumulate(total, counts);
            if (VerdictRules.Decide(counts) != Verdict.Clean)
            {
                break;
            }
        }
        while (rounds < maxRounds && clock.Elapsed < timeLimit);

        return new ScenarioOutcome(strategy, VerdictRules.Decide(total), VerdictRules.Explain(total), rounds, Math.Round(clock.Elapsed.TotalSeconds, 3), total);
    }

    private static async Task<CorrectnessCounts> RunRoundAsync(Scenario scenario, string strategy, ScenarioOptions options, StrategyRegistry registry, int round, CancellationToken cancellationToken)
    {
        IKeyValueStrategy map;
        try
        {
            map = await registry.CreateAsync(strategy, options.StrategyOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return new CorrectnessCounts { Corruption = $"the strategy could not be created: {error.Message}" };
        }

        var context = new ScenarioContext(map, ct => registry.CreateAsync(strategy, options.StrategyOptions, ct), options.Workers, options.Size, round, cancellationToken);
        try
        {
            var outcome = await Watchdog.RunAsync(
                async () =>
                {
                    await scenario.RunRoundAsync(context).ConfigureAwait(false);
                    await context.DrainTrackedAsync().ConfigureAwait(false);
                    return await ScenarioVerifier.VerifyAsync(context).ConfigureAwait(false);
                },
                options.RoundTimeout,
                cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return outcome.Status switch
            {
                WatchdogStatus.Completed => outcome.Value!,
                WatchdogStatus.TimedOut => Partial(context) with { HungOperations = 1, Corruption = $"the round hung for {options.RoundTimeout.TotalSeconds:0.#} s" },
                _ => Partial(context) with { Corruption = $"the round failed: {outcome.Error!.GetType().Name}: {outcome.Error.Message}" },
            };
        }
        finally
        {
            foreach (var created in context.Maps)
            {
                await Watchdog.RunAsync(
                    async () =>
                    {
                        await created.DisposeAsync().ConfigureAwait(false);
                        return true;
                    },
                    options.RoundTimeout,
                    CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static CorrectnessCounts Partial(ScenarioContext context)
    {
        var exceptions = context.Exceptions;
        return new CorrectnessCounts
        {
            AcknowledgedWrites = context.AcknowledgedWrites,
            AcknowledgedIncrements = context.AcknowledgedIncrements,
            GuardTrips = exceptions.Total,
            GuardTripsByType = exceptions.ByType(),
            Exceptions = exceptions.ToList(),
            Rejected = context.Rejected,
        };
    }

    private static CorrectnessCounts Accumulate(CorrectnessCounts total, CorrectnessCounts round)
    {
        var exceptions = new ExceptionTally();
        foreach (var e in total.Exceptions.Concat(round.Exceptions))
        {
            exceptions.Record(e.Type, e.Message, e.Count);
        }

        return new CorrectnessCounts
        {
            AcknowledgedWrites = total.AcknowledgedWrites + round.AcknowledgedWrites,
            AcknowledgedIncrements = total.AcknowledgedIncrements + round.AcknowledgedIncrements,
            LostWrites = total.LostWrites + round.LostWrites,
            LostIncrements = total.LostIncrements + round.LostIncrements,
            CounterSum = total.CounterSum + round.CounterSum,
            GuardTrips = exceptions.Total,
            GuardTripsByType = exceptions.ByType(),
            Exceptions = exceptions.ToList(),
            Rejected = total.Rejected + round.Rejected,
            MisreadValues = total.MisreadValues + round.MisreadValues,
            HungOperations = total.HungOperations + round.HungOperations,
            Integrity = total.Integrity ?? round.Integrity,
            Corruption = total.Corruption ?? round.Corruption,
        };
    }
}
