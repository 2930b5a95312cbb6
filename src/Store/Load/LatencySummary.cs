using HdrHistogram;

namespace Actors.Store.Load;

/// <summary>
/// A histogram's headline figures, in microseconds, each to the histogram's precision (within 1/128 of the value):
/// percentiles are HdrHistogram's, the highest value of the bucket they fall in.
/// </summary>
public sealed record LatencySummary(long Count, double Min, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The figures of a histogram of nanoseconds (see <see cref="LatencyHistograms"/>).</summary>
    public static LatencySummary From(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }

        var min = histogram.RecordedValues().First().ValueIteratedTo;
        return new LatencySummary(
            histogram.TotalCount,
            Micros(histogram.LowestEquivalentValue(min)),
            Math.Round(histogram.GetMean() / 1000.0, 3),
            Micros(histogram.GetValueAtPercentile(50)),
            Micros(histogram.GetValueAtPercentile(90)),
            Micros(histogram.GetValueAtPercentile(99)),
            Micros(histogram.GetValueAtPercentile(99.9)),
            Micros(histogram.GetMaxValue()));
    }

    private static double Micros(long nanoseconds) => Math.Round(nanoseconds / 1000.0, 3);
}
