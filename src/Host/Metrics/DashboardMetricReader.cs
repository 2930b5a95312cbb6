using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Actors.Host.Metrics;

/// <summary>
/// A second OpenTelemetry metric reader beside the Prometheus exporter, pulled by the dashboard: <see cref="Snapshot"/>
/// has the SDK aggregate every instrument now (cumulative, like the scrape) and returns the points by
/// <c>meter/instrument</c>. The dashboard thus shows the same figures as <c>/metrics</c>, from the same pipeline.
/// </summary>
internal sealed class DashboardMetricReader : BaseExportingMetricReader
{
    private readonly SnapshotExporter _exporter;
    private readonly Lock _gate = new();

    public DashboardMetricReader()
        : this(new SnapshotExporter())
    {
    }

    private DashboardMetricReader(SnapshotExporter exporter)
        : base(exporter)
    {
        _exporter = exporter;
        TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
    }

    /// <summary>Every instrument's points now, keyed by <c>meter/instrument</c>; empty if the provider is gone.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<MetricPointSnapshot>> Snapshot()
    {
        lock (_gate)
        {
            _exporter.Latest = new Dictionary<string, IReadOnlyList<MetricPointSnapshot>>(StringComparer.Ordinal);
            Collect(timeoutMilliseconds: 5_000);
            return _exporter.Latest;
        }
    }

    private sealed class SnapshotExporter : BaseExporter<Metric>
    {
        public Dictionary<string, IReadOnlyList<MetricPointSnapshot>> Latest { get; set; } = new(StringComparer.Ordinal);

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                var points = new List<MetricPointSnapshot>();
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    points.Add(Snapshot(metric.MetricType, point));
                }

                Latest[metric.MeterName + "/" + metric.Name] = points;
            }

            return ExportResult.Success;
        }

        private static MetricPointSnapshot Snapshot(MetricType type, in MetricPoint point)
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            }

            switch (type)
            {
                case MetricType.Histogram:
                    var bounds = new List<double>();
                    var counts = new List<long>();
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        // The last bucket is +Inf: its count is kept, its bound is implied.
                        if (!double.IsPositiveInfinity(bucket.ExplicitBound))
                        {
                            bounds.Add(bucket.ExplicitBound);
                        }

                        counts.Add(bucket.BucketCount);
                    }

                    return new MetricPointSnapshot(tags, point.GetHistogramCount(), bounds, counts);
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    return new MetricPointSnapshot(tags, point.GetSumLong());
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    return new MetricPointSnapshot(tags, point.GetSumDouble());
                case MetricType.LongGauge:
                    return new MetricPointSnapshot(tags, point.GetGaugeLastValueLong());
                case MetricType.DoubleGauge:
                    return new MetricPointSnapshot(tags, point.GetGaugeLastValueDouble());
                default:
                    return new MetricPointSnapshot(tags, 0);
            }
        }
    }
}
