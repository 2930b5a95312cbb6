using System.Diagnostics;
using HdrHistogram;

namespace Actors.Store.Load;

/// <summary>
/// The lab's latency histograms: HdrHistogram's <see cref="LongHistogram"/> in nanoseconds, from 1 ns to one hour, to
/// two significant digits (every value is known to within 1/128 of itself, in about 34 KB per histogram — each worker
/// keeps one per operation kind, so this stays small at 64 workers). Not thread-safe: each worker records into its
/// own, and the runner merges them with <see cref="HistogramBase.Add"/> afterwards, which is exact.
/// </summary>
public static class LatencyHistograms
{
    /// <summary>The longest latency a histogram holds; a longer one is recorded as this (and shows as the maximum).</summary>
    public const long HighestNanoseconds = 3_600_000_000_000;

    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    /// <summary>An empty histogram of nanoseconds.</summary>
    public static LongHistogram Create() => new(1, HighestNanoseconds, 2);

    /// <summary>Records a latency measured as a <see cref="Stopwatch"/> timestamp difference (clamped to the histogram's range).</summary>
    public static void RecordTicks(this HistogramBase histogram, long ticks) =>
        histogram.RecordNanoseconds((long)(ticks * NanosecondsPerTick));

    /// <summary>Records a latency in nanoseconds; a negative one counts as 0, one beyond an hour as an hour.</summary>
    public static void RecordNanoseconds(this HistogramBase histogram, long nanoseconds) =>
        histogram.RecordValue(Math.Clamp(nanoseconds, 0, HighestNanoseconds));

    /// <summary>The histogram's headline figures, in microseconds.</summary>
    public static LatencySummary Summarize(this HistogramBase histogram) => LatencySummary.From(histogram);
}
