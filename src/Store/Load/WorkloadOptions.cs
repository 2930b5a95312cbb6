namespace Actors.Store.Load;

/// <summary>
/// What the load generator does against each strategy. Every strategy in one run gets the identical operation
/// sequence (the same seed), so differences in results come from the strategies alone.
/// </summary>
public sealed record WorkloadOptions
{
    /// <summary>Values carry a 12-byte stamp (writer, sequence, key) that verification reads back.</summary>
    public const int MinValueSize = 12;
    public const int MaxKeyCount = 10_000_000;

    public OperationMix Mix { get; init; } = OperationMix.Default;

    /// <summary>Distinct keys (value keys and, separately, as many counter keys).</summary>
    public int KeyCount { get; init; } = 10_000;

    public KeyDistribution Distribution { get; init; } = KeyDistribution.Uniform;

    /// <summary>The Zipf exponent s (≥ 0) when <see cref="Distribution"/> is Zipf.</summary>
    public double ZipfSkew { get; init; } = 0.99;

    /// <summary>Bytes per written value.</summary>
    public int ValueSize { get; init; } = 16;

    /// <summary>Concurrent workers (clients).</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>How long each strategy is measured (after <see cref="Warmup"/>), unless <see cref="Operations"/> is set.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>When set, each strategy runs exactly this many operations in total instead of for a duration.</summary>
    public long? Operations { get; init; }

    /// <summary>Time each strategy runs before measuring starts (duration runs only): JIT tiers and caches settle.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromMilliseconds(500);

    public LoopMode Loop { get; init; } = LoopMode.Closed;

    /// <summary>Total operations per second for the open loop.</summary>
    public double TargetRate { get; init; }

    public WriteMode Writes { get; init; } = WriteMode.Acknowledged;

    /// <summary>Posted writes between flushes, when <see cref="Writes"/> is pipelined.</summary>
    public int PipelineDepth { get; init; } = 1024;

    /// <summary>Entries a scan returns at most.</summary>
    public int ScanLimit { get; init; } = 16;

    /// <summary>Write every value key once before the run, so that reads find something.</summary>
    public bool Prefill { get; init; } = true;

    /// <summary>
    /// In the closed loop, time one operation in this many (a power of two): reading the clock costs 20–30 ns on
    /// a virtual machine, about as much as the fastest strategies' operations, and a regular sample of millions of
    /// operations gives the same percentiles. The open loop times every operation, since it measures from each
    /// intended send time.
    /// </summary>
    public int LatencySampleEvery { get; init; } = 64;

    public ulong Seed { get; init; } = 42;

    /// <summary>Throws a clear error naming every value that is out of range.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (KeyCount is < 1 or > MaxKeyCount)
        {
            problems.Add($"key count must be between 1 and {MaxKeyCount:N0} (was {KeyCount})");
        }

        if (!(ZipfSkew >= 0) || double.IsInfinity(ZipfSkew))
        {
            problems.Add($"Zipf skew must be a finite number ≥ 0 (was {ZipfSkew})");
        }

        if (ValueSize < MinValueSize || ValueSize > 1 << 20)
        {
            problems.Add($"value size must be between {MinValueSize} and 1048576 bytes (was {ValueSize})");
        }

        if (Concurrency is < 1 or > 4096)
        {
            problems.Add($"concurrency must be between 1 and 4096 (was {Concurrency})");
        }

        if (Operations is { } operations && operations < 1)
        {
            problems.Add($"operations must be at least 1 (was {operations})");
        }

        if (Operations is null && Duration <= TimeSpan.Zero)
        {
            problems.Add($"duration must be positive (was {Duration})");
        }

        if (Warmup < TimeSpan.Zero)
        {
            problems.Add($"warm-up must not be negative (was {Warmup})");
        }

        if (Loop == LoopMode.Open && !(TargetRate > 0 && double.IsFinite(TargetRate)))
        {
            problems.Add("the open loop needs a positive target rate (operations per second)");
        }

        if (PipelineDepth < 1)
        {
            problems.Add($"pipeline depth must be at least 1 (was {PipelineDepth})");
        }

        if (ScanLimit < 1)
        {
            problems.Add($"scan limit must be at least 1 (was {ScanLimit})");
        }

        if (LatencySampleEvery < 1 || (LatencySampleEvery & (LatencySampleEvery - 1)) != 0)
        {
            problems.Add($"latency sampling must be a power of two ≥ 1 (was {LatencySampleEvery})");
        }

        // Verification keeps three numbers per key per worker.
        if ((long)KeyCount * (Concurrency + 1) > 200_000_000)
        {
            problems.Add($"key count × concurrency is too large to verify ({KeyCount} × {Concurrency}); lower one of them");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid workload: " + string.Join("; ", problems) + ".");
        }
    }
}
