using System.CommandLine;
using Actors.Store.Reports;
using Actors.Store.Scenarios;
using Actors.Store.Strategies;
using Spectre.Console;

namespace Actors.Host.Cli;

/// <summary>
/// <c>scenarios</c>: the ways people corrupt a shared map, each run against every strategy with a verdict (clean, guard
/// tripped, data lost, corrupted, rejected) and the explanation of what goes wrong. <c>--go-fatal</c> also shows, in child
/// processes, that Go's "concurrent map writes" cannot be recovered from.
/// </summary>
internal static class ScenariosCommand
{
    public static Command Create()
    {
        var names = new Option<string?>("--name", "-n")
        {
            Description = "Comma-separated scenarios to run (default: all): " + string.Join(", ", ScenarioCatalogue.All.Select(s => s.Name)) + ".",
        };
        var strategies = LabOptions.Strategies();
        var json = LabOptions.Json();
        var html = LabOptions.Html();
        var quiet = new Option<bool>("--no-explain") { Description = "Do not print each scenario's explanation (default: print them)." };
        var goFatal = new Option<bool>("--go-fatal") { Description = "Also run Go's fatal map errors in child processes and show that no catch or finally survives them." };
        var rounds = new Option<int>("--rounds")
        {
            Description = "Rounds of each scenario for every synchronised strategy, which must come out clean in all of them (default: 10). " +
                "The unsynchronised baseline runs until it is caught, up to 500 rounds or 5 s.",
            DefaultValueFactory = _ => new ScenarioOptions().MaxRounds,
        };
        var shards = LabOptions.Shards();
        var capacity = LabOptions.MailboxCapacity();
        var command = new Command("scenarios", "Run the catalogue of shared-map failure scenarios against every strategy.")
        {
            names, strategies, json, html, quiet, goFatal, rounds, shards, capacity,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var registry = StrategyRegistry.CreateDefault();
            var options = LabOptions.Usage(() =>
            {
                var selected = parse.GetValue(names) is { } n
                    ? n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : null;
                var unknown = selected?.Where(s => ScenarioCatalogue.All.All(c => c.Name != s)).ToArray() ?? [];
                if (unknown.Length > 0)
                {
                    throw new ArgumentException($"Unknown scenario(s) {string.Join(", ", unknown)}. Scenarios: {string.Join(", ", ScenarioCatalogue.All.Select(s => s.Name))}.");
                }

                var options = new ScenarioOptions
                {
                    Names = selected,
                    MaxRounds = parse.GetValue(rounds),
                    Strategies = LabOptions.ParseStrategies(parse.GetValue(strategies), registry),
                    StrategyOptions = new StrategyOptions { Shards = parse.GetValue(shards), MailboxCapacity = parse.GetValue(capacity) },
                    JsonPath = LabOptions.ReportPath(parse.GetValue(json), "scenarios", "json"),
                    HtmlPath = LabOptions.ReportPath(parse.GetValue(html), "scenarios", "html"),
                };
                options.Validate();
                return options;
            });

            await TerminalReport.RunScenariosAsync(AnsiConsole.Console, options, registry, explain: !parse.GetValue(quiet), cancellationToken).ConfigureAwait(false);
            AnsiConsole.MarkupLine($"[grey]JSON:[/] {Markup.Escape(Path.GetFullPath(options.JsonPath!))}");
            AnsiConsole.MarkupLine($"[grey]HTML:[/] {Markup.Escape(Path.GetFullPath(options.HtmlPath!))}");

            if (parse.GetValue(goFatal))
            {
                await ShowGoFatalAsync(cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The hidden child entry: <c>go-fatal &lt;kind&gt;</c> provokes a Go fatal map error and dies of it.</summary>
    public static Command CreateChild()
    {
        var kind = new Argument<string[]>("arguments") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("go-fatal", "Child process of scenarios --go-fatal.") { kind };
        command.Hidden = true;
        command.SetAction(parse => GoFaithfulDemo.RunChild(parse.GetValue(kind) ?? []));
        return command;
    }

    private static async Task ShowGoFatalAsync(CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("provocation", "how the child ended", "message");
        var self = typeof(ScenariosCommand).Assembly.Location;
        foreach (var kind in GoFaithfulDemo.Kinds)
        {
            var outcome = await GoFaithfulDemo.RunChildProcessAsync(GoFaithfulDemo.CreateStartInfo(self, "go-fatal", kind), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            table.AddRow(
                Markup.Escape(kind),
                outcome.DiedUnrecoverably ? "[red]died: no catch, no finally[/]" : "[yellow]survived[/]",
                Markup.Escape(outcome.FatalMessage ?? "(none)"));
        }

        AnsiConsole.Write(table);
    }
}
