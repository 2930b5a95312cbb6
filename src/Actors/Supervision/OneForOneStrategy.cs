using System.Diagnostics;

namespace Actors.Supervision;

/// <summary>
/// Applies the decider's directive to the failing child alone. A restart beyond <see cref="MaxNrOfRetries"/> within
/// <see cref="WithinTimeRange"/> stops the child instead.
/// </summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates a strategy with a retry limit.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed within the window; negative for unlimited, 0 for none.</param>
    /// <param name="withinTimeRange">The window; <see cref="Timeout.InfiniteTimeSpan"/> for the child's whole life.</param>
    /// <param name="decider">Maps an exception to a directive.</param>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        if (withinTimeRange < TimeSpan.Zero && withinTimeRange != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(withinTimeRange), withinTimeRange, "The window must be positive or Timeout.InfiniteTimeSpan.");
        }

        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
    }

    /// <summary>Creates a strategy with unlimited restarts.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, Timeout.InfiniteTimeSpan, decider)
    {
    }

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/>; negative means unlimited.</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>The retry window.</summary>
    public TimeSpan WithinTimeRange { get; }

    /// <summary>Maps an exception to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    internal override Directive Decide(IActorRef child, Exception cause, RestartStatistics statistics)
    {
        var directive = Decider(cause);
        if (directive == Directive.Restart &&
            !statistics.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, Stopwatch.GetTimestamp()))
        {
            return Directive.Stop;
        }

        return directive;
    }
}
