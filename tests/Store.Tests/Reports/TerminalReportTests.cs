using Actors.Store.Load;
using Actors.Store.Reports;
using Actors.Store.Strategies;
using Spectre.Console;

namespace Actors.Store.Tests.Reports;

public sealed class TerminalReportTests
{
    [Fact]
    public void The_bench_table_shows_every_strategy_its_verdict_and_the_overhead()
    {
        var (console, output) = Console();
        TerminalReport.Render(console, SampleReports.Bench());
        var text = output.ToString();
        foreach (var expected in new[] { "direct", "locked", "actor-bounded", "corrupted", "clean", "rejected", "data lost", "9,000,000", "Lab overhead: 12.5 ns", "8.3" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_scenario_table_shows_verdicts_and_explanations()
    {
        var (console, output) = Console();
        TerminalReport.Render(console, SampleReports.Scenarios(), explain: true);
        var text = output.ToString();
        Assert.Contains("1. write-write", text, StringComparison.Ordinal);
        Assert.Contains("guard tripped", text, StringComparison.Ordinal);
        Assert.Contains("lost 3 of 10 acknowledged writes", text, StringComparison.Ordinal);
        Assert.Contains("Go kills the process", text.Replace("\n", " ", StringComparison.Ordinal).Replace("│", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_run_draws_progress_and_then_the_table()
    {
        var (console, output) = Console();
        var options = new BenchOptions
        {
            Workload = new WorkloadOptions { KeyCount = 100, Concurrency = 2, Operations = 5_000 },
            Strategies = [StrategyNames.Locked, StrategyNames.Concurrent],
            MeasureOverhead = false,
        };

        var report = await TerminalReport.RunBenchAsync(console, options, StrategyRegistry.CreateDefault());

        Assert.Equal(2, report.Results.Count);
        Assert.Contains("concurrent", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("clean", output.ToString(), StringComparison.Ordinal);
    }

    private static (IAnsiConsole Console, StringWriter Output) Console()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        return (console, output);
    }
}
