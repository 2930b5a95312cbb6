namespace Actors.Host.Metrics;

/// <summary>
/// The aggregate of one instrument for one tag set: a running sum (counters), the last value (gauges and observed
/// instruments), or bucket counts (histograms). Updated lock-free from any thread; read by the exporter.
/// </summary>
internal sealed class Series
{
    private readonly long[]? _buckets;
    private long _longValue;
    private double _doubleValue;
    private long _count;

    public Series(TagSet tags, double[]? bounds)
    {
        Tags = tags;
        Bounds = bounds;
        _buckets = bounds is null ? null : new long[bounds.Length + 1];
    }

    public TagSet Tags { get; }

    /// <summary>Histogram upper bounds (exclusive of +Inf), or <see langword="null"/> for a scalar.</summary>
    public double[]? Bounds { get; }

    public double Value => Volatile.Read(ref _doubleValue) + Interlocked.Read(ref _longValue);

    public long Count => Interlocked.Read(ref _count);

    public double Sum => Volatile.Read(ref _doubleValue);

    public void Add(long value) => Interlocked.Add(ref _longValue, value);

    public void Add(double value) => AddDouble(ref _doubleValue, value);

    public void Set(double value)
    {
        Interlocked.Exchange(ref _longValue, 0);
        Volatile.Write(ref _doubleValue, value);
    }

    public void Record(double value)
    {
        var buckets = _buckets!;
        var bounds = Bounds!;

        // Prometheus buckets are "less than or equal": the first bound >= value.
        var index = Array.BinarySearch(bounds, value);
        Interlocked.Increment(ref buckets[index >= 0 ? index : ~index]);
        AddDouble(ref _doubleValue, value);
        Interlocked.Increment(ref _count);
    }

    /// <summary>Non-cumulative bucket counts (the last is above every bound).</summary>
    public long[] BucketCounts()
    {
        var buckets = _buckets!;
        var copy = new long[buckets.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Interlocked.Read(ref buckets[i]);
        }

        return copy;
    }

    private static void AddDouble(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }
}
