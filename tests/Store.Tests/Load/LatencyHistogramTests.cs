using Actors.Store.Load;

namespace Actors.Store.Tests.Load;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Every_value_lands_in_a_bucket_that_contains_it_within_one_sixty_fourth()
    {
        for (var value = 0L; value < 1 << 20; value += 1 + value / 97)
        {
            AssertBucketHolds(value);
        }

        foreach (var value in new[] { 127L, 128, 129, 255, 256, 1L << 40, (1L << 40) + 12345, long.MaxValue / 3, long.MaxValue })
        {
            AssertBucketHolds(value);
        }

        static void AssertBucketHolds(long value)
        {
            var index = LatencyHistogram.IndexOf(value);
            Assert.InRange(index, 0, LatencyHistogram.BucketCount - 1);
            var low = LatencyHistogram.LowestEquivalent(index);
            var high = LatencyHistogram.HighestEquivalent(index);
            Assert.InRange(value, low, high);
            Assert.True(value < 128 ? low == high : (high - low + 1) * 64 <= low, $"bucket [{low}, {high}] of {value} is too wide");
        }
    }

    [Fact]
    public void Percentiles_of_a_uniform_distribution_are_exact_to_the_bucket_precision()
    {
        var histogram = new LatencyHistogram();
        for (var value = 1L; value <= 1_000_000; value++)
        {
            histogram.Record(value);
        }

        foreach (var (percentile, expected) in new[] { (50.0, 500_000L), (90.0, 900_000L), (99.0, 990_000L), (99.9, 999_000L) })
        {
            var reported = histogram.ValueAtPercentile(percentile);
            Assert.InRange(reported, expected, expected + expected / 64);
        }

        Assert.Equal(1, histogram.Min);
        Assert.Equal(1_000_000, histogram.Max);
        Assert.Equal(1_000_000, histogram.ValueAtPercentile(100));
        Assert.Equal(500_000.5, histogram.Mean);
    }

    [Fact]
    public void Percentiles_of_an_exponential_distribution_match_its_quantiles()
    {
        // Exponential with mean 10 µs: the p-quantile is -mean × ln(1 - p).
        const double Mean = 10_000;
        var random = new FastRandom(7);
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 2_000_000; i++)
        {
            histogram.Record((long)(-Mean * Math.Log(1 - random.NextDouble())));
        }

        foreach (var percentile in new[] { 50.0, 90.0, 99.0, 99.9 })
        {
            var quantile = -Mean * Math.Log(1 - percentile / 100);
            var reported = histogram.ValueAtPercentile(percentile);
            Assert.InRange(reported, quantile * 0.97, quantile * 1.05);
        }

        Assert.InRange(histogram.Mean, Mean * 0.99, Mean * 1.01);
    }

    [Fact]
    public void Merged_histograms_equal_one_that_recorded_everything()
    {
        var whole = new LatencyHistogram();
        var parts = new[] { new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram() };
        var random = new FastRandom(3);
        for (var i = 0; i < 300_000; i++)
        {
            var value = (long)(random.NextDouble() * random.NextDouble() * 5_000_000);
            whole.Record(value);
            parts[i % 3].Record(value);
        }

        var merged = new LatencyHistogram();
        foreach (var part in parts)
        {
            merged.Add(part);
        }

        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Min, merged.Min);
        Assert.Equal(whole.Max, merged.Max);
        Assert.Equal(whole.Mean, merged.Mean);
        foreach (var percentile in new[] { 0.0, 1, 25, 50, 75, 90, 99, 99.9, 99.99, 100 })
        {
            Assert.Equal(whole.ValueAtPercentile(percentile), merged.ValueAtPercentile(percentile));
        }
    }

    [Fact]
    public void An_empty_histogram_summarises_to_zeros_and_bad_percentiles_are_refused()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(LatencySummary.Empty, histogram.Summarize());
        Assert.Equal(0, histogram.ValueAtPercentile(99));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.ValueAtPercentile(101));
        histogram.Record(-5);
        Assert.Equal(0, histogram.Max);
        histogram.RecordMany(2_000, 3);
        Assert.Equal(4, histogram.Count);
        Assert.Equal(new LatencySummary(4, 0, 1.5, 2, 2, 2, 2, 2), histogram.Summarize());
    }
}
