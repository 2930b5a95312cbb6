using System.Globalization;
using Actors.Diagnostics;
using Actors.Host.Cluster;
using Actors.Host.Http;
using Actors.Host.Metrics;
using Actors.Store;
using Actors.Store.Hosting;

namespace Actors.Host.Dashboard;

/// <summary>
/// Assembles a <see cref="DashboardSnapshot"/> from the store's stats, the collected metrics and, on a clustered node,
/// its view of the cluster.
/// </summary>
internal sealed class DashboardSnapshotBuilder(IManagedStateStore store, MetricsCollector metrics, ReportLocator reports, TimeProvider time, IServiceProvider services)
{
    // Registered only when cluster.enabled is on.
    private readonly ClusterHostedService? _cluster = services.GetService(typeof(ClusterHostedService)) as ClusterHostedService;

    public async Task<DashboardSnapshot> BuildAsync(CancellationToken cancellationToken)
    {
        StoreStats? stats = null;
        if (store.Status == StoreStatus.Ready)
        {
            try
            {
                stats = await store.StatsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (StoreException)
            {
                // Overloaded or stopping between the check and the call: show the metrics without shards.
            }
        }

        var instruments = metrics.Collect()
            .GroupBy(i => i.Instrument.Meter.Name + "/" + i.Instrument.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var report = reports.Latest();
        return new DashboardSnapshot(
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            store.Status.ToString().ToLowerInvariant(),
            store.Settings.DurabilityName,
            stats?.Keys ?? 0,
            stats?.Bytes ?? 0,
            stats?.Shards.Select(s => new DashboardShard(s.Shard, s.Keys, s.Bytes, s.MailboxDepth, s.MessagesProcessed)).ToArray() ?? [],
            Counts(instruments, HostMetrics.MeterName + "/store.operations", "op", "outcome"),
            Latency(instruments, HostMetrics.MeterName + "/http.server.request.duration"),
            Counts(instruments, ActorMetrics.MeterName + "/actors.dead_letters", "reason"),
            Counts(instruments, ActorMetrics.MeterName + "/actors.mailbox.rejections", "policy"),
            (long)Total(instruments, ActorMetrics.MeterName + "/actors.messages.processed"),
            (long)Total(instruments, ActorMetrics.MeterName + "/actors.mailbox.depth"),
            report is null ? null : new DashboardReport(report.Name, new DateTimeOffset(report.LastWriteTimeUtc, TimeSpan.Zero)),
            reports.Directory,
            _cluster?.Node is { } node ? ClusterPicture.From(node.View, node.NodeName) : null);
    }

    private static double Total(Dictionary<string, InstrumentState> instruments, string name) =>
        instruments.TryGetValue(name, out var instrument) ? instrument.Series.Sum(s => s.Value) : 0;

    private static DashboardCount[] Counts(Dictionary<string, InstrumentState> instruments, string name, params string[] tags) =>
        instruments.TryGetValue(name, out var instrument)
            ? instrument.Series
                .Select(s => new DashboardCount(string.Join("/", tags.Select(t => TagValue(s.Tags, t))), (long)s.Value))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToArray()
            : [];

    // The API's routes under the names of the store operations they make (the "op" of store.operations).
    private static readonly Dictionary<string, string> OperationOfRoute = new(StringComparer.Ordinal)
    {
        [Routes.KvGet] = "get",
        [Routes.KvPut] = "set",
        [Routes.KvDelete] = "delete",
        [Routes.KvIncrement] = "increment",
        [Routes.KvScan] = "scan",
        [Routes.Batch] = "batch",
    };

    // Request latency per operation, all status codes together.
    private static DashboardLatency[] Latency(Dictionary<string, InstrumentState> instruments, string name) =>
        instruments.TryGetValue(name, out var instrument)
            ? instrument.Series
                .Where(s => OperationOfRoute.ContainsKey(TagValue(s.Tags, "route")))
                .GroupBy(s => OperationOfRoute[TagValue(s.Tags, "route")], StringComparer.Ordinal)
                .Select(g => new DashboardLatency(g.Key, g.First().Bounds!, Sum(g.Select(s => s.BucketCounts()))))
                .OrderBy(l => l.Op, StringComparer.Ordinal)
                .ToArray()
            : [];

    private static long[] Sum(IEnumerable<long[]> counts) =>
        counts.Aggregate((a, b) => a.Zip(b, (x, y) => x + y).ToArray());

    private static string TagValue(TagSet tags, string key)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            if (tags[i].Key == key)
            {
                return Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        return string.Empty;
    }
}
