namespace Actors.Store.Load;

/// <summary>One strategy's run: speed, latency, and the correctness verdict.</summary>
public sealed record StrategyResult
{
    public required string Strategy { get; init; }

    public string Description { get; init; } = "";

    /// <summary>Operations completed while measuring.</summary>
    public long Operations { get; init; }

    public double ElapsedSeconds { get; init; }

    /// <summary>Operations per second while measuring.</summary>
    public double Throughput { get; init; }

    /// <summary>
    /// CPU-normalised cost of one operation: elapsed time × the cores the workers could use ÷ operations. The
    /// lab's own overhead is compared with this.
    /// </summary>
    public double NsPerOperation { get; init; }

    public IReadOnlyDictionary<string, long> OperationsByKind { get; init; } = new Dictionary<string, long>();

    /// <summary>All operations' latency (sampled in the closed loop, see <see cref="WorkloadOptions.LatencySampleEvery"/>).</summary>
    public LatencySummary Latency { get; init; } = LatencySummary.Empty;

    public IReadOnlyDictionary<string, LatencySummary> LatencyByKind { get; init; } = new Dictionary<string, LatencySummary>();

    public long ReadHits { get; init; }

    public long ReadMisses { get; init; }

    public long CasSucceeded { get; init; }

    public long CasFailed { get; init; }

    public long ScannedEntries { get; init; }

    public CorrectnessCounts Correctness { get; init; } = new();

    public Verdict Verdict { get; init; }

    /// <summary>The verdict in a sentence.</summary>
    public string VerdictDetail { get; init; } = "";

    /// <summary>Set when the strategy could not be created or run at all; the other figures are then empty.</summary>
    public string? Error { get; init; }
}
