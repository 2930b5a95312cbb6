namespace Actors.Store.Strategies;

/// <summary>
/// A strategy whose internal structure the lab can inspect for corruption after a run. Only meaningful for
/// maps that might be corrupted (the unsynchronised baseline); a synchronised one reports itself intact.
/// </summary>
/// <remarks>
/// Inspection of a corrupted map can itself throw or spin forever on a cyclic bucket chain, so callers run it
/// under a watchdog (<c>Actors.Store.Load.Watchdog</c>) and treat a timeout as "hung".
/// </remarks>
public interface IIntegrityProbe
{
    IntegrityReport Inspect();
}
