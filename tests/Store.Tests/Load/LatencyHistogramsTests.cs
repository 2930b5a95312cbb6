using System.Diagnostics;
using Actors.Store.Load;

namespace Actors.Store.Tests.Load;

/// <summary>The lab's HdrHistogram setup and the summary the reports print from it.</summary>
public sealed class LatencyHistogramsTests
{
    [Fact]
    public void Percentiles_of_a_uniform_distribution_are_exact_to_the_histogram_precision()
    {
        var histogram = LatencyHistograms.Create();
        for (var value = 1L; value <= 1_000_000; value++)
        {
            histogram.RecordNanoseconds(value);
        }

        // Microseconds; two significant digits put every value within 1/128 of itself, never below it.
        var summary = histogram.Summarize();
        foreach (var (reported, expected) in new[] { (summary.P50, 500.0), (summary.P90, 900.0), (summary.P99, 990.0), (summary.P999, 999.0) })
        {
            Assert.InRange(reported, expected, expected + expected / 128);
        }

        Assert.Equal(1_000_000, summary.Count);
        Assert.Equal(0.001, summary.Min);
        Assert.InRange(summary.Max, 1_000, 1_000 + 1_000.0 / 128);
        Assert.InRange(summary.Mean, 500 * 0.99, 500 * 1.01);
    }

    [Fact]
    public void Percentiles_of_an_exponential_distribution_match_its_quantiles()
    {
        // Exponential with mean 10 µs: the p-quantile is -mean × ln(1 - p).
        const double Mean = 10_000;
        var random = new FastRandom(7);
        var histogram = LatencyHistograms.Create();
        for (var i = 0; i < 2_000_000; i++)
        {
            histogram.RecordNanoseconds((long)(-Mean * Math.Log(1 - random.NextDouble())));
        }

        foreach (var percentile in new[] { 50.0, 90.0, 99.0, 99.9 })
        {
            var quantile = -Mean * Math.Log(1 - percentile / 100);
            Assert.InRange(histogram.GetValueAtPercentile(percentile), quantile * 0.97, quantile * 1.03);
        }

        Assert.InRange(histogram.Summarize().Mean, Mean / 1000 * 0.99, Mean / 1000 * 1.01);
    }

    [Fact]
    public void Merged_worker_histograms_equal_one_that_recorded_everything()
    {
        var whole = LatencyHistograms.Create();
        var parts = new[] { LatencyHistograms.Create(), LatencyHistograms.Create(), LatencyHistograms.Create() };
        var random = new FastRandom(3);
        for (var i = 0; i < 300_000; i++)
        {
            var value = (long)(random.NextDouble() * random.NextDouble() * 5_000_000);
            whole.RecordNanoseconds(value);
            parts[i % 3].RecordNanoseconds(value);
        }

        var merged = LatencyHistograms.Create();
        foreach (var part in parts)
        {
            merged.Add(part);
        }

        Assert.Equal(whole.Summarize(), merged.Summarize());
        foreach (var percentile in new[] { 0.0, 1, 25, 50, 75, 90, 99, 99.9, 99.99, 100 })
        {
            Assert.Equal(whole.GetValueAtPercentile(percentile), merged.GetValueAtPercentile(percentile));
        }
    }

    [Fact]
    public void Empty_histograms_summarise_to_zeros_and_out_of_range_values_are_clamped()
    {
        var histogram = LatencyHistograms.Create();
        Assert.Equal(LatencySummary.Empty, histogram.Summarize());

        histogram.RecordNanoseconds(-5);
        histogram.RecordNanoseconds(long.MaxValue);
        histogram.RecordTicks(Stopwatch.Frequency / 1000);
        var summary = histogram.Summarize();
        Assert.Equal(3, summary.Count);
        Assert.Equal(0, summary.Min);

        // A value beyond the range is kept as the longest one the histogram holds, not dropped.
        Assert.InRange(summary.Max, LatencyHistograms.HighestNanoseconds / 1000.0 * 0.99, LatencyHistograms.HighestNanoseconds / 1000.0 * 1.01);
        Assert.InRange(histogram.GetValueAtPercentile(50), 1_000_000, 1_000_000 + 1_000_000 / 128);
    }
}
