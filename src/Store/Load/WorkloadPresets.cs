namespace Actors.Store.Load;

/// <summary>Named workloads: starting points that the other options then adjust.</summary>
public static class WorkloadPresets
{
    /// <summary>Reads, writes, increments and optimistic updates over uniform keys: the default.</summary>
    public const string Mixed = "mixed";

    /// <summary>90 % reads over Zipf-hot keys: where lock-free readers shine.</summary>
    public const string ReadHeavy = "read-heavy";

    /// <summary>
    /// Only writes, posted without waiting (Tell), 8 writers, uniform keys: the store's pipelined-mutation target
    /// ("≥ ConcurrentDictionary write throughput").
    /// </summary>
    public const string PipelinedWrites = "pipelined-writes";

    /// <summary>
    /// Only increments, 8 writers, Zipf-hot keys: the store's contention target ("≥ 2× ConcurrentDictionary
    /// AddOrUpdate").
    /// </summary>
    public const string HotIncrements = "hot-increments";

    public static IReadOnlyList<string> Names { get; } = [Mixed, ReadHeavy, PipelinedWrites, HotIncrements];

    /// <summary>The preset's workload.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the presets.</exception>
    public static WorkloadOptions Get(string name) => name switch
    {
        Mixed => new WorkloadOptions(),
        ReadHeavy => new WorkloadOptions { Mix = new OperationMix(90, 10, 0, 0, 0), Distribution = KeyDistribution.Zipf, ZipfSkew = 0.99 },
        PipelinedWrites => new WorkloadOptions { Mix = new OperationMix(0, 100, 0, 0, 0), Writes = WriteMode.Pipelined, Concurrency = 8 },
        HotIncrements => new WorkloadOptions { Mix = new OperationMix(0, 0, 100, 0, 0), Distribution = KeyDistribution.Zipf, ZipfSkew = 1.1, Concurrency = 8 },
        _ => throw new ArgumentException($"Unknown workload '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
    };
}
