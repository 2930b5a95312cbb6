namespace Actors.Store.Load;

/// <summary>
/// A worker's operations, generated before the run: a ring of packed (kind, key) messages that the worker
/// replays. Drawing keys from a Zipf distribution costs a few logarithms, which next to a 20 ns map operation
/// would make the generator the bottleneck; generating ahead moves that cost out of the measured loop and makes
/// every strategy replay the identical sequence.
/// </summary>
/// <remarks>
/// The ring holds at least four draws per key (between 2^12 and 2^20 operations), so that the replayed
/// sequence reflects the distribution, tail included, for any realistic key count.
/// </remarks>
internal sealed class OperationScript
{
    private const int KeyBits = 28;
    private const int KeyMask = (1 << KeyBits) - 1;

    private readonly int[] _operations;

    private OperationScript(int[] operations) => _operations = operations;

    public int Length => _operations.Length;

    /// <summary>The operations of worker <paramref name="worker"/>, from the workload's seed.</summary>
    public static OperationScript Generate(WorkloadOptions options, int worker)
    {
        var random = new FastRandom(options.Seed ^ (0x9E3779B97F4A7C15UL * (ulong)(worker + 1)));
        IKeySampler sampler = options.Distribution == KeyDistribution.Zipf
            ? new ZipfKeySampler(options.KeyCount, options.ZipfSkew)
            : new UniformKeySampler(options.KeyCount);
        var length = (int)Math.Clamp(System.Numerics.BitOperations.RoundUpToPowerOf2((uint)options.KeyCount * 4), 1u << 12, 1u << 20);
        var operations = new int[length];
        var total = options.Mix.Total;
        for (var i = 0; i < operations.Length; i++)
        {
            var kind = options.Mix.Pick(random.NextInt(total));
            operations[i] = ((int)kind << KeyBits) | sampler.Next(random);
        }

        return new OperationScript(operations);
    }

    /// <summary>The operation at position <paramref name="index"/> of the endless replay.</summary>
    public (OperationKind Kind, int Key) this[long index]
    {
        get
        {
            var packed = _operations[index & (_operations.Length - 1)];
            return ((OperationKind)(packed >> KeyBits), packed & KeyMask);
        }
    }
}
