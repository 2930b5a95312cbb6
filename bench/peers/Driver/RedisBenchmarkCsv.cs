using System.Globalization;
using Actors.Store.Load;

namespace Actors.Bench.Peers;

/// <summary>
/// redis-benchmark's <c>--csv</c> output as lab results: one row per test
/// (<c>"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"</c>),
/// latencies turned into the lab's microseconds. redis-benchmark reports p95 and no p99.9: the p90 column holds p95, the p99.9 column p99.
/// </summary>
internal static class RedisBenchmarkCsv
{
    public static IEnumerable<StrategyResult> Read(string path, string system, string pipeline)
    {
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cells = line.Split(',').Select(c => c.Trim('"')).ToArray();
            if (cells.Length < 8)
            {
                continue;
            }

            double Cell(int i) => double.Parse(cells[i], CultureInfo.InvariantCulture);
            var test = cells[0].Split(' ')[0];
            yield return new StrategyResult
            {
                Strategy = $"{system} · {test} {pipeline}",
                Description = $"redis-benchmark -t {test.ToLowerInvariant()} -c 50 {(pipeline == "P1" ? "unpipelined" : "-" + pipeline)} (p90 column: p95, p99.9 column: p99; not verified)",
                Throughput = Cell(1),
                Latency = new LatencySummary(0, Cell(3) * 1000, Cell(2) * 1000, Cell(4) * 1000, Cell(5) * 1000, Cell(6) * 1000, Cell(6) * 1000, Cell(7) * 1000),
                VerdictDetail = "throughput only (redis-benchmark does not verify)",
            };
        }
    }
}
