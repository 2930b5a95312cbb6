namespace Actors.Store.Load;

/// <summary>Every key index equally likely.</summary>
public sealed class UniformKeySampler : IKeySampler
{
    public UniformKeySampler(int keyCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyCount);
        KeyCount = keyCount;
    }

    public int KeyCount { get; }

    public int Next(FastRandom random) => random.NextInt(KeyCount);
}
