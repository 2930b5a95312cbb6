using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Actors.Host.Metrics;

/// <summary>
/// Listens to the configured meters (<c>host.metrics.meters</c>) with a <see cref="MeterListener"/> and aggregates
/// every measurement in memory — sums, last values, histogram buckets — for the Prometheus exporter and the dashboard.
/// Start it before the actor system is created, so that up-down counters such as <c>actors.mailbox.depth</c> see
/// every change from the first.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    /// <summary>Latency buckets in seconds, fine enough below a millisecond for percentiles on loopback.</summary>
    internal static readonly double[] SecondsBounds =
    [
        0.00005, 0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075,
        0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
    ];

    /// <summary>OpenTelemetry's default explicit buckets, for histograms with another unit and no advice.</summary>
    internal static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly HashSet<string> _meters;
    private readonly object? _scope;

    /// <param name="meters">The names of the meters to listen to.</param>
    /// <param name="scope">
    /// The scope of this host's own meters (see <see cref="HostMetrics"/>): a meter with another scope belongs to
    /// another host in the same process and is left out. Unscoped meters (the runtime's, .NET's) are process-wide.
    /// </param>
    public MetricsCollector(IEnumerable<string> meters, object? scope = null)
    {
        _meters = new HashSet<string>(meters, StringComparer.Ordinal);
        _scope = scope;
        _listener.InstrumentPublished = OnPublished;
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _);
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => Record(state, (double)value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments, then returns every instrument's state, ordered by name.</summary>
    internal IReadOnlyList<InstrumentState> Collect()
    {
        _listener.RecordObservableInstruments();
        return _instruments.Values.OrderBy(i => i.Name, StringComparer.Ordinal).ToArray();
    }

    public void Dispose() => _listener.Dispose();

    private void OnPublished(Instrument instrument, MeterListener listener)
    {
        if (!_meters.Contains(instrument.Meter.Name)
            || (instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, _scope))
            || KindOf(instrument) is not { } kind)
        {
            return;
        }

        var state = _instruments.GetOrAdd(instrument, i => new InstrumentState(i, kind, kind == InstrumentKind.Histogram ? BoundsOf(i) : null));
        listener.EnableMeasurementEvents(instrument, state);
    }

    private static void Record(object? state, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var instrument = (InstrumentState)state!;
        var series = instrument.SeriesFor(tags);
        switch (instrument.Kind)
        {
            case InstrumentKind.Counter or InstrumentKind.UpDownCounter:
                series.Add(value);
                break;
            case InstrumentKind.Histogram:
                series.Record(value);
                break;
            default:
                series.Set(value);
                break;
        }
    }

    private static void Record(object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var instrument = (InstrumentState)state!;
        var series = instrument.SeriesFor(tags);
        switch (instrument.Kind)
        {
            case InstrumentKind.Counter or InstrumentKind.UpDownCounter:
                series.Add(value);
                break;
            case InstrumentKind.Histogram:
                series.Record(value);
                break;
            default:
                series.Set(value);
                break;
        }
    }

    private static InstrumentKind? KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(Counter<>) ? InstrumentKind.Counter
            : definition == typeof(UpDownCounter<>) ? InstrumentKind.UpDownCounter
            : definition == typeof(Histogram<>) ? InstrumentKind.Histogram
            : definition == typeof(ObservableCounter<>) ? InstrumentKind.ObservedCounter
            : definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>) ? InstrumentKind.Gauge
            : null;
    }

    private static double[] BoundsOf(Instrument instrument)
    {
        var advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        if (advised is { Length: > 0 })
        {
            Array.Sort(advised);
            return advised;
        }

        return instrument.Unit switch
        {
            "s" => SecondsBounds,
            "ms" => SecondsBounds.Select(b => b * 1000).ToArray(),
            _ => DefaultBounds,
        };
    }
}
