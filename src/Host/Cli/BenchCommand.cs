using System.CommandLine;
using Actors.Host.Hosting;
using Actors.Host.Lab;
using Actors.Store.Load;
using Actors.Store.Reports;
using Actors.Store.Strategies;
using Spectre.Console;

namespace Actors.Host.Cli;

/// <summary>
/// <c>bench</c>: the comparison lab. Every strategy runs the same workload in one run; the terminal shows live progress
/// and a table, and the JSON and HTML reports go to files (the dashboard shows the latest HTML report).
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var strategies = LabOptions.Strategies();
        var workload = new Option<string>("--workload", "-w")
        {
            Description = $"A preset: {string.Join(", ", WorkloadPresets.Names)} (default: mixed). The options below change it.",
            DefaultValueFactory = _ => WorkloadPresets.Mixed,
        };
        var duration = new Option<string?>("--duration", "-d") { Description = "How long each strategy runs, e.g. 10s (default: 4s; ignored with --ops)." };
        var ops = new Option<string?>("--ops") { Description = "Run a fixed number of operations per strategy instead, e.g. 500k." };
        var concurrency = new Option<int?>("--concurrency", "-c") { Description = "Concurrent workers (default: 8)." };
        var keys = new Option<string?>("--keys") { Description = "Distinct keys (default: 10k)." };
        var distribution = new Option<string?>("--distribution") { Description = "uniform, zipf or zipf:<skew> (default: uniform; zipf skew 0.99)." };
        var valueSize = new Option<int?>("--value-size") { Description = "Bytes per written value (default: 16)." };
        var mix = new Option<string?>("--mix") { Description = "Operation mix, e.g. read=60,write=25,increment=10,cas=4,scan=1 (default: the preset's)." };
        var loop = new Option<string?>("--loop") { Description = "closed (each worker waits for its reply) or open (sends at --rate, latency from the intended send time) (default: closed)." };
        var rate = new Option<string?>("--rate") { Description = "Target operations per second in an open loop, e.g. 50k." };
        var writes = new Option<string?>("--writes") { Description = "acknowledged or pipelined (default: the preset's)." };
        var json = LabOptions.Json();
        var html = LabOptions.Html();
        var shards = LabOptions.Shards();
        var capacity = LabOptions.MailboxCapacity();
        var targets = new Option<string?>("--targets")
        {
            Description = "Comma-separated base URLs of running hosts (e.g. every host of a cluster): adds the 'http' strategy, which sends " +
                "each operation to the next host in turn through the /v1 API, and makes it the default strategy. Keys go under lab/<run>/.",
        };
        var token = new Option<string?>("--token") { Description = $"Bearer token for the targets (default: the {HostSettings.TokenVariable} environment variable)." };

        var command = new Command("bench", "Run the comparison lab: the same workload against every strategy, with throughput, latency and a correctness verdict each.")
        {
            strategies, workload, duration, ops, concurrency, keys, distribution, valueSize, mix, loop, rate, writes, json, html, shards, capacity, targets, token,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var registry = StrategyRegistry.CreateDefault();
            var hosts = LabOptions.Usage(() => TargetUrls.Parse("--targets", parse.GetValue(targets)));
            if (hosts is not null)
            {
                var bearer = parse.GetValue(token) ?? Environment.GetEnvironmentVariable(HostSettings.TokenVariable);
                var runId = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
                registry.Register(
                    HttpStoreStrategy.StrategyName,
                    $"running hosts over HTTP, in turn: {string.Join(", ", hosts.Select(h => h.Authority))}",
                    (_, _) => ValueTask.FromResult<IKeyValueStrategy>(new HttpStoreStrategy(hosts, bearer, runId)));
            }

            var options = LabOptions.Usage(() =>
            {
                var preset = WorkloadPresets.Get(parse.GetValue(workload)!);
                if (parse.GetValue(duration) is { } d)
                {
                    preset = preset with { Duration = LabArguments.ParseDuration(d) };
                }

                if (parse.GetValue(ops) is { } o)
                {
                    preset = preset with { Operations = LabArguments.ParseCount(o) };
                }

                if (parse.GetValue(concurrency) is { } c)
                {
                    preset = preset with { Concurrency = c };
                }

                if (parse.GetValue(keys) is { } k)
                {
                    preset = preset with { KeyCount = checked((int)LabArguments.ParseCount(k)) };
                }

                if (parse.GetValue(distribution) is { } dist)
                {
                    var (kind, skew) = LabArguments.ParseDistribution(dist);
                    preset = preset with { Distribution = kind, ZipfSkew = skew ?? preset.ZipfSkew };
                }

                if (parse.GetValue(valueSize) is { } size)
                {
                    preset = preset with { ValueSize = size };
                }

                if (parse.GetValue(mix) is { } m)
                {
                    preset = preset with { Mix = OperationMix.Parse(m) };
                }

                if (parse.GetValue(loop) is { } l)
                {
                    preset = preset with { Loop = LabArguments.ParseLoop(l) };
                }

                if (parse.GetValue(rate) is { } r)
                {
                    preset = preset with { TargetRate = LabArguments.ParseRate(r) };
                }

                if (parse.GetValue(writes) is { } w)
                {
                    preset = preset with { Writes = LabArguments.ParseWriteMode(w) };
                }

                return new BenchOptions
                {
                    Workload = preset,
                    WorkloadName = parse.GetValue(workload)!,
                    Strategies = LabOptions.ParseStrategies(parse.GetValue(strategies), registry) ?? (hosts is null ? null : [HttpStoreStrategy.StrategyName]),
                    StrategyOptions = new StrategyOptions { Shards = parse.GetValue(shards), MailboxCapacity = parse.GetValue(capacity) },
                    JsonPath = LabOptions.ReportPath(parse.GetValue(json), "bench", "json"),
                    HtmlPath = LabOptions.ReportPath(parse.GetValue(html), "bench", "html"),
                };
            });

            var report = await TerminalReport.RunBenchAsync(AnsiConsole.Console, options, registry, cancellationToken).ConfigureAwait(false);
            AnsiConsole.MarkupLine($"[grey]JSON:[/] {Markup.Escape(Path.GetFullPath(options.JsonPath!))}");
            AnsiConsole.MarkupLine($"[grey]HTML:[/] {Markup.Escape(Path.GetFullPath(options.HtmlPath!))}");
            return report.Results.Count > 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
