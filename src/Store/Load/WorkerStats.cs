using HdrHistogram;

namespace Actors.Store.Load;

/// <summary>What one worker measured since measuring began: counts and latency histograms per operation kind.</summary>
internal sealed class WorkerStats
{
    public const int KindCount = 5;

    public LongHistogram[] Latency { get; } = [.. Enumerable.Range(0, KindCount).Select(_ => LatencyHistograms.Create())];

    public long[] Operations { get; } = new long[KindCount];

    public ExceptionTally Exceptions { get; } = new();

    public long Rejected { get; set; }

    public long ReadHits { get; set; }

    public long ReadMisses { get; set; }

    /// <summary>Reads that returned a value stamped for another key.</summary>
    public long MisreadValues { get; set; }

    public long CasSucceeded { get; set; }

    public long CasFailed { get; set; }

    public long ScannedEntries { get; set; }

    public long TotalOperations => Operations.Sum();

    public void Clear()
    {
        foreach (var histogram in Latency)
        {
            histogram.Reset();
        }

        Array.Clear(Operations);
        Exceptions.Clear();
        Rejected = ReadHits = ReadMisses = MisreadValues = CasSucceeded = CasFailed = ScannedEntries = 0;
    }

    public void Add(WorkerStats other)
    {
        for (var i = 0; i < KindCount; i++)
        {
            Latency[i].Add(other.Latency[i]);
            Operations[i] += other.Operations[i];
        }

        Exceptions.Add(other.Exceptions);
        Rejected += other.Rejected;
        ReadHits += other.ReadHits;
        ReadMisses += other.ReadMisses;
        MisreadValues += other.MisreadValues;
        CasSucceeded += other.CasSucceeded;
        CasFailed += other.CasFailed;
        ScannedEntries += other.ScannedEntries;
    }
}
