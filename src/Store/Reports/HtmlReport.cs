using System.Globalization;
using System.Net;
using System.Text;
using Actors.Store.Load;
using Actors.Store.Scenarios;

namespace Actors.Store.Reports;

/// <summary>
/// The report for people: one self-contained HTML file (no CDN, no external script) with the results as tables
/// and charts. The data is embedded as JSON and an inline script draws the charts as SVG, then marks
/// <c>&lt;body data-charts-drawn="N"&gt;</c> so a headless browser can tell that it ran.
/// </summary>
public static class HtmlReport
{
    public static string Render(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        var workload = report.Workload;
        Begin(html, "Comparison lab — " + report.WorkloadName);
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Workload <b>{E(report.WorkloadName)}</b>: {E(workload.Mix.ToString())}, {workload.KeyCount:N0} keys ({E(Distribution(workload))}), ")
            .Append(CultureInfo.InvariantCulture, $"{workload.Concurrency} workers, {E(workload.Loop.ToString().ToLowerInvariant())} loop, {E(workload.Writes.ToString().ToLowerInvariant())} writes, ")
            .Append(CultureInfo.InvariantCulture, $"{(workload.Operations is { } ops ? ops.ToString("N0", CultureInfo.InvariantCulture) + " operations" : workload.Duration.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s")} per strategy. ")
            .Append(CultureInfo.InvariantCulture, $"{report.Machine.ProcessorCount} cores, {E(report.Machine.Runtime)}, {E(report.Machine.OperatingSystem)}. Started {report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC, took {report.ElapsedSeconds:0.#} s.</p>");
        if (report.Overhead is { } overhead)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Lab overhead: {overhead.LabNsPerOperation:0.##} ns per operation, {overhead.Ratio:P1} of the fastest strategy ({E(overhead.FastestStrategy ?? "none")}, {overhead.FastestNsPerOperation:0.##} ns per operation per core).</p>");
        }

        html.Append("<h2>Throughput</h2><div class=\"chart\" id=\"throughput-chart\"></div>");
        html.Append("<h2>Latency percentiles</h2><div class=\"chart\" id=\"latency-chart\"></div>");
        html.Append("<h2>Correctness</h2><div class=\"chart\" id=\"verdict-chart\"></div>");
        html.Append("<table><thead><tr><th>strategy</th><th>ops/s</th><th>ns/op/core</th><th>p50 µs</th><th>p90 µs</th><th>p99 µs</th><th>p99.9 µs</th><th>max µs</th><th>verdict</th><th>detail</th></tr></thead><tbody>");
        foreach (var result in report.Results)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><b>{E(result.Strategy)}</b><br><small>{E(result.Description)}</small></td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{result.Throughput:N0}</td><td class=\"n\">{result.NsPerOperation:N1}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{result.Latency.P50:0.###}</td><td class=\"n\">{result.Latency.P90:0.###}</td><td class=\"n\">{result.Latency.P99:0.###}</td><td class=\"n\">{result.Latency.P999:0.###}</td><td class=\"n\">{result.Latency.Max:0.###}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td><span class=\"verdict {VerdictClass(result.Verdict)}\">{E(VerdictText(result.Verdict))}</span></td><td>{E(result.VerdictDetail)}</td></tr>");
        }

        html.Append("</tbody></table>");
        End(html, "bench", JsonReport.Serialize(report));
        return html.ToString();
    }

    public static string Render(ScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        Begin(html, "Comparison lab — scenarios");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{report.Scenarios.Count} scenarios × {report.Strategies.Count} strategies; each cell runs up to {report.MaxRounds} rounds or {report.TimeLimitSeconds:0.#} s until an effect shows. ")
            .Append(CultureInfo.InvariantCulture, $"{report.Machine.ProcessorCount} cores, {E(report.Machine.Runtime)}. Took {report.ElapsedSeconds:0.#} s.</p>");
        html.Append("<h2>Verdicts</h2><div class=\"chart\" id=\"matrix-chart\"></div>");
        html.Append("<h2>Verdicts per strategy</h2><div class=\"chart\" id=\"tally-chart\"></div>");
        html.Append("<h2>Scenarios</h2>");
        foreach (var scenario in report.Scenarios)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section><h3>{scenario.Number}. {E(scenario.Title)} <small>({E(scenario.Name)})</small></h3><p>{E(scenario.Explanation)}</p><table><thead><tr><th>strategy</th><th>verdict</th><th>rounds</th><th>detail</th></tr></thead><tbody>");
            foreach (var outcome in scenario.Outcomes)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(outcome.Strategy)}</td><td><span class=\"verdict {VerdictClass(outcome.Verdict)}\">{E(VerdictText(outcome.Verdict))}</span></td><td class=\"n\">{outcome.Rounds}</td><td>{E(outcome.VerdictDetail)}</td></tr>");
            }

            html.Append("</tbody></table></section>");
        }

        End(html, "scenarios", JsonReport.Serialize(report));
        return html.ToString();
    }

    public static Task WriteAsync(BenchReport report, string path, CancellationToken cancellationToken = default) =>
        ReportFile.WriteAsync(path, Render(report), cancellationToken);

    public static Task WriteAsync(ScenarioReport report, string path, CancellationToken cancellationToken = default) =>
        ReportFile.WriteAsync(path, Render(report), cancellationToken);

    /// <summary>The verdict as the reports write it: clean, rejected, guard tripped, data lost, corrupted.</summary>
    public static string VerdictText(Verdict verdict) => verdict switch
    {
        Verdict.GuardTripped => "guard tripped",
        Verdict.DataLost => "data lost",
        _ => verdict.ToString().ToLowerInvariant(),
    };

    private static string VerdictClass(Verdict verdict) => VerdictText(verdict).Replace(' ', '-');

    private static string Distribution(WorkloadOptions workload) =>
        workload.Distribution == KeyDistribution.Zipf ? $"zipf s={workload.ZipfSkew.ToString(CultureInfo.InvariantCulture)}" : "uniform";

    private static void Begin(StringBuilder html, string title) =>
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append("</title><style>").Append(HtmlAssets.Style).Append("</style></head><body><h1>").Append(E(title)).Append("</h1>");

    private static void End(StringBuilder html, string kind, string json) =>
        html.Append("<script type=\"application/json\" id=\"lab-data\" data-kind=\"").Append(kind).Append("\">")
            .Append(json) // the serializer escapes <, > and &, so the data cannot close the script element
            .Append("</script><script>").Append(HtmlAssets.Script).Append("</script></body></html>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
