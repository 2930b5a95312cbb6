using System.Globalization;
using Actors.Store.Load;
using Actors.Store.Scenarios;
using Actors.Store.Strategies;
using Spectre.Console;

namespace Actors.Store.Reports;

/// <summary>
/// The lab in a terminal (Spectre.Console): a live progress bar per strategy or scenario while a run goes, then
/// the results as a table. The host calls <see cref="RunBenchAsync"/> / <see cref="RunScenariosAsync"/>, or runs
/// the lab itself and calls the <c>Render</c> methods.
/// </summary>
public static class TerminalReport
{
    /// <summary>Runs <see cref="LabBench.RunAsync"/> with a live progress display, then renders the table.</summary>
    public static async Task<BenchReport> RunBenchAsync(IAnsiConsole console, BenchOptions options, StrategyRegistry registry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        var names = registry.Resolve(options.Strategies);
        BenchReport? report = null;
        await Columns(console.Progress()).StartAsync(async context =>
        {
            var tasks = names.ToDictionary(name => name, name => context.AddTask(name, autoStart: false, maxValue: 1));
            var progress = new ImmediateProgress<BenchProgress>(update =>
            {
                if (!tasks.TryGetValue(update.Strategy, out var task))
                {
                    return;
                }

                task.StartTask();
                task.Description = $"{update.Strategy,-14} {Phase(update.Phase),-10} {update.OperationsPerSecond.ToString("N0", CultureInfo.InvariantCulture),12} ops/s";
                task.Value = update.Phase == BenchPhase.Done ? 1 : update.Fraction;
                if (update.Phase == BenchPhase.Done)
                {
                    task.StopTask();
                }
            });
            report = await LabBench.RunAsync(options, registry, progress, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        Render(console, report!);
        return report!;
    }

    /// <summary>Runs <see cref="ScenarioRunner.RunAsync"/> with a live progress display, then renders the verdict table.</summary>
    public static async Task<ScenarioReport> RunScenariosAsync(IAnsiConsole console, ScenarioOptions options, StrategyRegistry registry, bool explain = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        var scenarios = ScenarioCatalogue.Resolve(options.Names);
        ScenarioReport? report = null;
        await Columns(console.Progress()).StartAsync(async context =>
        {
            var tasks = scenarios.ToDictionary(s => s.Name, s => context.AddTask(s.Name, autoStart: false, maxValue: 1));
            var progress = new ImmediateProgress<ScenarioProgress>(update =>
            {
                var task = tasks[update.Scenario];
                task.StartTask();
                task.Description = $"{update.Scenario,-26} {update.Strategy,-14} round {update.Round}";
                task.Value = (update.StrategyIndex + (update.Verdict is null ? 0.5 : 1.0)) / update.StrategyCount;
                if (update.Verdict is not null && update.StrategyIndex == update.StrategyCount - 1)
                {
                    task.Description = update.Scenario;
                    task.StopTask();
                }
            });
            report = await ScenarioRunner.RunAsync(options, registry, progress, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        Render(console, report!, explain);
        return report!;
    }

    /// <summary>The bench results: one row per strategy, then the lab's overhead.</summary>
    public static void Render(IAnsiConsole console, BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(report.WorkloadName)}[/]: {Markup.Escape(report.Workload.Mix.ToString())}, {report.Workload.Concurrency} workers");
        table.AddColumns("strategy", "ops/s", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "max µs", "verdict");
        foreach (var column in table.Columns.Skip(1).Take(6))
        {
            column.RightAligned();
        }

        foreach (var result in report.Results)
        {
            table.AddRow(
                new Markup($"[bold]{Markup.Escape(result.Strategy)}[/]"),
                new Text(result.Throughput.ToString("N0", CultureInfo.InvariantCulture)),
                Number(result.Latency.P50),
                Number(result.Latency.P90),
                Number(result.Latency.P99),
                Number(result.Latency.P999),
                Number(result.Latency.Max),
                VerdictMarkup(result.Verdict));
        }

        console.Write(table);
        foreach (var result in report.Results)
        {
            console.MarkupLine($"  [bold]{Markup.Escape(result.Strategy)}[/]: {Markup.Escape(result.VerdictDetail)}");
        }

        if (report.Overhead is { } overhead)
        {
            console.MarkupLine(CultureInfo.InvariantCulture,
                "Lab overhead: [bold]{0:0.##} ns[/] per operation = [bold]{1:P1}[/] of the fastest strategy ({2}, {3:0.##} ns per operation per core).",
                overhead.LabNsPerOperation, overhead.Ratio, Markup.Escape(overhead.FastestStrategy ?? "none"), overhead.FastestNsPerOperation);
        }
    }

    /// <summary>The scenario verdicts: one row per scenario, one column per strategy; optionally each scenario's explanation.</summary>
    public static void Render(IAnsiConsole console, ScenarioReport report, bool explain = true)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        if (explain)
        {
            foreach (var scenario in report.Scenarios)
            {
                console.Write(new Panel(new Text(scenario.Explanation)).Header($"{scenario.Number}. {Markup.Escape(scenario.Title)}").Expand());
            }
        }

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]scenarios[/]");
        table.AddColumn("scenario");
        foreach (var strategy in report.Strategies)
        {
            table.AddColumn(strategy);
        }

        foreach (var scenario in report.Scenarios)
        {
            table.AddRow([new Text($"{scenario.Number}. {scenario.Name}"), .. scenario.Outcomes.Select(o => VerdictMarkup(o.Verdict))]);
        }

        console.Write(table);
        foreach (var scenario in report.Scenarios)
        {
            foreach (var outcome in scenario.Outcomes.Where(o => o.Verdict != Verdict.Clean))
            {
                console.MarkupLine($"  {scenario.Number}. {Markup.Escape(scenario.Name)} / [bold]{Markup.Escape(outcome.Strategy)}[/]: {Markup.Escape(outcome.VerdictDetail)}");
            }
        }
    }

    private static Progress Columns(Progress progress) =>
        progress.AutoClear(false).HideCompleted(false).Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn());

    private static Markup VerdictMarkup(Verdict verdict)
    {
        var color = verdict switch
        {
            Verdict.Clean => "green",
            Verdict.Rejected => "yellow",
            Verdict.GuardTripped => "darkorange",
            Verdict.DataLost => "red",
            _ => "magenta",
        };
        return new Markup($"[{color}]{HtmlReport.VerdictText(verdict)}[/]");
    }

    private static Text Number(double value) => new(value.ToString("0.###", CultureInfo.InvariantCulture));

    private static string Phase(BenchPhase phase) => phase switch
    {
        BenchPhase.WarmingUp => "warm-up",
        _ => phase.ToString().ToLowerInvariant(),
    };
}
