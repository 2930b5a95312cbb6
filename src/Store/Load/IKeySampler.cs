namespace Actors.Store.Load;

/// <summary>Draws key indices in [0, key count) from some distribution.</summary>
public interface IKeySampler
{
    int KeyCount { get; }

    int Next(FastRandom random);
}
