using System.Globalization;
using System.Text.Json;
using Actors.Bench.Peers;
using Actors.Store.Load;
using Actors.Store.Reports;

// The driver of bench/peers/run.sh (dotnet PeerDriver.dll <command>):
//   lab    --endpoint host:port --system "redis everysec" --distribution uniform|zipf --workers 32 --duration 10s --out file.json
//   check  --endpoint host:port --system "actors batched" --out file.txt    (linearizability + content verifier; exit 1 if either fails)
//   report --dir results --html report.html --markdown table.md
var arguments = args.Skip(1).Chunk(2).Where(p => p.Length == 2 && p[0].StartsWith("--", StringComparison.Ordinal)).ToDictionary(p => p[0][2..], p => p[1]);
string Argument(string name, string? fallback = null) =>
    arguments.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required");

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
switch (args.FirstOrDefault())
{
    case "lab":
    {
        var distribution = Argument("distribution", "uniform") == "zipf" ? KeyDistribution.Zipf : KeyDistribution.Uniform;
        var duration = TimeSpan.FromSeconds(double.Parse(Argument("duration", "10s").TrimEnd('s'), CultureInfo.InvariantCulture));
        var result = await PeerLab.RunAsync(Argument("endpoint"), Argument("system"), distribution, int.Parse(Argument("workers", "32"), CultureInfo.InvariantCulture), duration, cancel.Token);
        await File.WriteAllTextAsync(Argument("out"), JsonSerializer.Serialize(result, JsonReport.SerializerOptions));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Strategy}: {result.Throughput:N0} ops/s, p50 {result.Latency.P50:0.#} µs, p99 {result.Latency.P99:0.#} µs, {HtmlReport.VerdictText(result.Verdict)} {result.VerdictDetail}"));
        return result.Error is null ? 0 : 1;
    }

    case "check":
    {
        var endpoint = Argument("endpoint");
        var (linearizable, summary) = await RespLinearizability.RunAsync(endpoint, clients: 8, keys: 4, operationsPerClient: 300, cancel.Token);
        var content = await PeerLab.RunAsync(endpoint, Argument("system"), KeyDistribution.Zipf, workers: 16, TimeSpan.FromSeconds(3), cancel.Token);
        var clean = content.Verdict == Verdict.Clean && content.Error is null;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{summary}; content verifier: {HtmlReport.VerdictText(content.Verdict)} ({content.Correctness.AcknowledgedIncrements:N0} acknowledged increments, {content.Correctness.LostIncrements:N0} lost, {content.Correctness.MisreadValues:N0} misread values){(content.Error is { } error ? "; error: " + error : string.Empty)}");
        await File.WriteAllTextAsync(Argument("out"), text);
        Console.WriteLine($"{Argument("system")}: {text}");
        return linearizable && clean ? 0 : 1;
    }

    case "report":
        await PeerReport.WriteAsync(Argument("dir"), Argument("html"), Argument("markdown"));
        Console.WriteLine(await File.ReadAllTextAsync(Argument("markdown")));
        return 0;

    default:
        Console.Error.WriteLine("usage: PeerDriver lab|check|report --option value …  (see bench/peers/run.sh)");
        return 2;
}
