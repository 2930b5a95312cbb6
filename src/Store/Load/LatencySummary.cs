namespace Actors.Store.Load;

/// <summary>A histogram's headline figures, in microseconds.</summary>
public sealed record LatencySummary(long Count, double Min, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary From(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return histogram.Count == 0
            ? Empty
            : new LatencySummary(
                histogram.Count,
                Micros(histogram.Min),
                Math.Round(histogram.Mean / 1000.0, 3),
                Micros(histogram.ValueAtPercentile(50)),
                Micros(histogram.ValueAtPercentile(90)),
                Micros(histogram.ValueAtPercentile(99)),
                Micros(histogram.ValueAtPercentile(99.9)),
                Micros(histogram.Max));
    }

    private static double Micros(long nanoseconds) => Math.Round(nanoseconds / 1000.0, 3);
}
