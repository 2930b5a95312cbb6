namespace Actors.Host.Metrics;

/// <summary>How an instrument aggregates, which decides its Prometheus type.</summary>
internal enum InstrumentKind
{
    /// <summary>A monotonic sum (<c>Counter</c>): exported as a counter with <c>_total</c>.</summary>
    Counter,

    /// <summary>A cumulative total reported by a callback (<c>ObservableCounter</c>): a counter whose value is set.</summary>
    ObservedCounter,

    /// <summary>A sum that goes up and down (<c>UpDownCounter</c>): a gauge.</summary>
    UpDownCounter,

    /// <summary>A value reported by a callback (<c>ObservableGauge</c>, <c>ObservableUpDownCounter</c>) or set (<c>Gauge</c>).</summary>
    Gauge,

    /// <summary>A distribution: bucket counts, sum and count.</summary>
    Histogram,
}
