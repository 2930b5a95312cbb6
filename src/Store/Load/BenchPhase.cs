namespace Actors.Store.Load;

/// <summary>Where a lab run is, for progress displays.</summary>
public enum BenchPhase
{
    /// <summary>Measuring the lab's own overhead.</summary>
    Calibrating,
    Starting,
    Prefilling,
    WarmingUp,
    Measuring,
    Verifying,
    Done,
}
