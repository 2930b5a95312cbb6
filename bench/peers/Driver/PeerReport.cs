using System.Globalization;
using System.Text;
using System.Text.Json;
using Actors.Store.Load;
using Actors.Store.Reports;

namespace Actors.Bench.Peers;

/// <summary>
/// Merges a run's results directory into the lab's report formats: one <see cref="BenchReport"/> (rendered by the
/// lab's <see cref="HtmlReport"/>, with its charts) and a Markdown table of ops/s and p50/p99 per system and mode,
/// with the ratios the targets are stated in.
/// </summary>
internal static class PeerReport
{
    // The run's order: each peer from lightest to strictest durability, ours last.
    private static readonly string[] KnownOrder =
        ["redis none", "redis everysec", "redis always", "garnet none", "garnet aof", "garnet aof-wait", "actors none", "actors batched", "actors strict"];

    private static readonly string[] Columns = ["SET P1", "GET P1", "INCR P1", "SET P16", "GET P16", "INCR P16", "lab uniform", "lab zipf"];

    public static async Task WriteAsync(string directory, string htmlPath, string markdownPath)
    {
        var results = new List<StrategyResult>();
        var order = new List<string>();
        foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
        {
            var parts = Path.GetFileName(file).Split('.');
            if (parts is ["bench", var system, var mode, var pipeline, "csv"])
            {
                Remember(order, $"{system} {mode}");
                results.AddRange(RedisBenchmarkCsv.Read(file, $"{system} {mode}", pipeline));
            }
            else if (parts is ["lab", var labSystem, var labMode, _, "json"])
            {
                Remember(order, $"{labSystem} {labMode}");
                results.Add(JsonSerializer.Deserialize<StrategyResult>(await File.ReadAllTextAsync(file).ConfigureAwait(false), JsonReport.SerializerOptions)!);
            }
        }

        order = [.. KnownOrder.Where(order.Contains), .. order.Where(o => !KnownOrder.Contains(o))];
        var rank = order.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);
        results = [.. results.OrderBy(r => rank.GetValueOrDefault(SystemOf(r), int.MaxValue)).ThenBy(r => r.Strategy, StringComparer.Ordinal)];
        var report = new BenchReport
        {
            Tool = "bench/peers/run.sh: serve's RESP listener side by side with Redis and Garnet",
            StartedAt = DateTimeOffset.UtcNow,
            WorkloadName = "peers (redis-benchmark, and the lab over StackExchange.Redis)",
            Workload = new WorkloadOptions { Mix = PeerLab.Mix, Concurrency = 32, KeyCount = 10_000, Duration = results.Select(r => TimeSpan.FromSeconds(r.ElapsedSeconds)).DefaultIfEmpty().Max() },
            Results = results,
        };
        await HtmlReport.WriteAsync(report, htmlPath).ConfigureAwait(false);
        await File.WriteAllTextAsync(markdownPath, Markdown(results, order, directory)).ConfigureAwait(false);
    }

    private static void Remember(List<string> order, string system)
    {
        if (!order.Contains(system))
        {
            order.Add(system);
        }
    }

    private static string SystemOf(StrategyResult result) => result.Strategy.Split(" · ")[0];

    private static string ColumnOf(StrategyResult result) => result.Strategy.Split(" · ")[1];

    private static string Markdown(IReadOnlyList<StrategyResult> results, IReadOnlyList<string> systems, string directory)
    {
        var text = new StringBuilder();
        text.Append("| system, mode | ").AppendJoin(" | ", Columns).Append(" |\n|---|").Append(string.Concat(Enumerable.Repeat("---:|", Columns.Length))).Append('\n');
        foreach (var system in systems)
        {
            text.Append("| ").Append(system).Append(" |");
            foreach (var column in Columns)
            {
                var cell = results.FirstOrDefault(r => SystemOf(r) == system && ColumnOf(r) == column);
                text.Append(' ').Append(cell is null ? "—" : Cell(cell)).Append(" |");
            }

            text.Append('\n');
        }

        text.Append("\nEach cell: ops/s (p50 / p99 latency in ms). P1: redis-benchmark -c 50 unpipelined; P16: -P 16; lab: 32 workers, ")
            .Append(PeerLab.Mix).Append(", 10,000 keys.\n\nRatios (targets in parentheses):\n\n");
        double? Rate(string system, string column) => results.FirstOrDefault(r => SystemOf(r) == system && ColumnOf(r) == column)?.Throughput;
        void Ratio(string label, string ours, string theirs, string column, double target)
        {
            if (Rate(ours, column) is { } a && Rate(theirs, column) is { } b && b > 0)
            {
                var ratio = a / b;
                text.Append(CultureInfo.InvariantCulture, $"- {label}: {ratio:0.00}× (target ≥ {target:0.0}×: {(ratio >= target ? "met" : "NOT met")})\n");
            }
        }

        Ratio("GET P1, actors none / redis none", "actors none", "redis none", "GET P1", 0.5);
        Ratio("SET P1, actors none / redis none", "actors none", "redis none", "SET P1", 0.5);
        Ratio("GET P1, actors none / garnet none", "actors none", "garnet none", "GET P1", 0.5);
        Ratio("SET P1, actors none / garnet none", "actors none", "garnet none", "SET P1", 0.5);
        Ratio("SET P1, actors batched / redis everysec", "actors batched", "redis everysec", "SET P1", 1.0);
        Ratio("SET P1, actors strict / redis always", "actors strict", "redis always", "SET P1", 2.0);
        foreach (var check in Directory.GetFiles(directory, "check.*.txt").Order(StringComparer.Ordinal))
        {
            text.Append("\nCorrectness, ").Append(Path.GetFileNameWithoutExtension(check)["check.".Length..]).Append(": ").Append(File.ReadAllText(check).Trim()).Append('\n');
        }

        return text.ToString();
    }

    private static string Cell(StrategyResult result) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.Throughput:N0} ({result.Latency.P50 / 1000:0.##} / {result.Latency.P99 / 1000:0.##})");
}
