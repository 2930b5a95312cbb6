namespace Actors.Store.Load;

/// <summary>How a workload picks keys.</summary>
public enum KeyDistribution
{
    /// <summary>Every key equally likely.</summary>
    Uniform,

    /// <summary>Zipf: the key of rank k is chosen with probability proportional to 1/k^s, so a few keys are hot.</summary>
    Zipf,
}
