using System.Diagnostics;
using System.Numerics;

namespace Actors.Store.Load;

/// <summary>
/// A log-linear histogram of latencies in nanoseconds: exact below 128 ns, and above that each power of two is
/// split into 64 equal buckets, so any recorded value is known to within 1/64 (1.6 %) of itself, from 1 ns to
/// centuries, in a fixed 30 KB. Recording is one shift and one increment.
/// </summary>
/// <remarks>
/// Not thread-safe: each worker records into its own histogram, and the runner merges them with
/// <see cref="Add"/> afterwards (buckets are the same everywhere, so merging is exact). Percentiles report the
/// highest value of the bucket they fall in (clamped to the true maximum), so they never understate.
/// </remarks>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int SubBucketHalfBits = SubBucketBits - 1;
    private const int SubBucketHalf = 1 << SubBucketHalfBits;

    /// <summary>Buckets for every non-negative long: the last magnitude (2^62) has shift 56.</summary>
    internal const int BucketCount = ((63 - SubBucketBits) << SubBucketHalfBits) + SubBucketCount;

    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[BucketCount];
    private long _count;
    private long _sum;
    private long _min = long.MaxValue;
    private long _max;

    public long Count => _count;

    public long Min => _count == 0 ? 0 : _min;

    public long Max => _max;

    public double Mean => _count == 0 ? 0 : (double)_sum / _count;

    /// <summary>Records one latency in nanoseconds (negative values count as 0).</summary>
    public void Record(long nanoseconds) => RecordMany(nanoseconds, 1);

    /// <summary>Records a latency measured as a <see cref="Stopwatch"/> timestamp difference.</summary>
    public void RecordTicks(long ticks) => RecordMany((long)(ticks * NanosecondsPerTick), 1);

    /// <summary>Records the same latency <paramref name="count"/> times.</summary>
    public void RecordMany(long nanoseconds, long count)
    {
        if (nanoseconds < 0)
        {
            nanoseconds = 0;
        }

        _counts[IndexOf(nanoseconds)] += count;
        _count += count;
        _sum += nanoseconds * count;
        if (nanoseconds < _min)
        {
            _min = nanoseconds;
        }

        if (nanoseconds > _max)
        {
            _max = nanoseconds;
        }
    }

    /// <summary>Adds every value of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._count == 0)
        {
            return;
        }

        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        _count += other._count;
        _sum += other._sum;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    public void Clear()
    {
        Array.Clear(_counts);
        _count = 0;
        _sum = 0;
        _min = long.MaxValue;
        _max = 0;
    }

    /// <summary>
    /// The smallest bucket value at or below which <paramref name="percentile"/> percent of the recorded values
    /// fall (reported as the bucket's highest value, at most the maximum); 0 when empty.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (!(percentile is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile is between 0 and 100.");
        }

        if (_count == 0)
        {
            return 0;
        }

        var target = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * _count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= target)
            {
                return Math.Clamp(HighestEquivalent(i), Min, _max);
            }
        }

        return _max;
    }

    public LatencySummary Summarize() => LatencySummary.From(this);

    internal static int IndexOf(long value)
    {
        if (value < SubBucketCount)
        {
            return (int)value;
        }

        // The top bit's position m puts the value in [2^m, 2^(m+1)); shifting it to keep 7 significant bits
        // leaves a sub-bucket in [64, 128), and each magnitude takes the next 64 indices.
        var shift = (63 - BitOperations.LeadingZeroCount((ulong)value)) - SubBucketHalfBits;
        return (shift << SubBucketHalfBits) + (int)(value >> shift);
    }

    internal static long LowestEquivalent(int index)
    {
        if (index < SubBucketCount)
        {
            return index;
        }

        var shift = (index >> SubBucketHalfBits) - 1;
        var subBucket = (index & (SubBucketHalf - 1)) + SubBucketHalf;
        return (long)subBucket << shift;
    }

    internal static long HighestEquivalent(int index) =>
        index == BucketCount - 1 ? long.MaxValue : LowestEquivalent(index + 1) - 1;
}
