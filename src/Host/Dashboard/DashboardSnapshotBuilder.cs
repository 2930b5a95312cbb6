using Actors.Host.Cluster;
using Actors.Host.Metrics;
using Actors.Store;
using Actors.Store.Diagnostics;
using Actors.Store.Hosting;

namespace Actors.Host.Dashboard;

/// <summary>
/// Assembles a <see cref="DashboardSnapshot"/> from the store's stats, the collected metrics and, on a clustered node,
/// its view of the cluster.
/// </summary>
internal sealed class DashboardSnapshotBuilder(IManagedStateStore store, DashboardMetricReader metrics, ReportLocator reports, TimeProvider time, IServiceProvider services)
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

        var points = metrics.Snapshot();
        var report = reports.Latest();
        return new DashboardSnapshot(
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            store.Status.ToString().ToLowerInvariant(),
            store.Settings.DurabilityName,
            stats?.Keys ?? 0,
            stats?.Bytes ?? 0,
            stats?.Shards.Select(s => new DashboardShard(s.Shard, s.Keys, s.Bytes, s.MailboxDepth, s.MessagesProcessed)).ToArray() ?? [],
            Counts(points, HostMetrics.MeterName + "/store.operations", "op", "outcome"),
            Latency(points, HostMetrics.MeterName + "/store.operation.duration"),
            Counts(points, ActorFigures("actors.dead_letters"), "reason"),
            Counts(points, ActorFigures("actors.mailbox.rejections"), "policy"),
            (long)Total(points, ActorFigures("actors.messages.processed")),
            (long)Total(points, ActorFigures("actors.mailbox.depth")),
            report is null ? null : new DashboardReport(report.Name, new DateTimeOffset(report.LastWriteTimeUtc, TimeSpan.Zero)),
            reports.Directory,
            _cluster?.Node is { } node ? ClusterPicture.From(node.View, node.NodeName) : null);
    }

    // The store's actor figures: on Akka.NET from the Actors.Store meter (mailbox refusals from the Actors library's
    // meter); a clustered host still runs the earlier runtime, whose figures of the same names are on Actors.
    private static string[] ActorFigures(string instrument) =>
        [StoreMeters.Store + "/" + instrument, StoreMeters.Actors + "/" + instrument];

    private static IEnumerable<MetricPointSnapshot> PointsOf(IReadOnlyDictionary<string, IReadOnlyList<MetricPointSnapshot>> points, params string[] names) =>
        names.SelectMany(name => points.TryGetValue(name, out var found) ? found : []);

    private static double Total(IReadOnlyDictionary<string, IReadOnlyList<MetricPointSnapshot>> points, string[] names) =>
        PointsOf(points, names).Sum(p => p.Value);

    private static DashboardCount[] Counts(IReadOnlyDictionary<string, IReadOnlyList<MetricPointSnapshot>> points, string name, params string[] tags) =>
        Counts(points, [name], tags);

    private static DashboardCount[] Counts(IReadOnlyDictionary<string, IReadOnlyList<MetricPointSnapshot>> points, string[] names, params string[] tags) =>
        PointsOf(points, names)
            .GroupBy(p => string.Join("/", tags.Select(p.Tag)), StringComparer.Ordinal)
            .Select(g => new DashboardCount(g.Key, (long)g.Sum(p => p.Value)))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToArray();

    // Latency per operation, all outcomes together.
    private static DashboardLatency[] Latency(IReadOnlyDictionary<string, IReadOnlyList<MetricPointSnapshot>> points, string name) =>
        PointsOf(points, name)
            .Where(p => p.Bounds is not null && p.BucketCounts is not null)
            .GroupBy(p => p.Tag("op"), StringComparer.Ordinal)
            .Select(g => new DashboardLatency(g.Key, g.First().Bounds!, Sum(g.Select(p => p.BucketCounts!))))
            .OrderBy(l => l.Op, StringComparer.Ordinal)
            .ToArray();

    private static long[] Sum(IEnumerable<IReadOnlyList<long>> counts) =>
        counts.Select(c => c.ToArray()).Aggregate((a, b) => a.Zip(b, (x, y) => x + y).ToArray());
}
