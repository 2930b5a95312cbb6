using System.Diagnostics;

namespace Actors.Supervision;

/// <summary>
/// How often a child has been restarted within the current window. Owned by the child's cell but read and written only
/// by its parent while the parent handles a failure, so it needs no synchronisation.
/// </summary>
internal sealed class RestartStatistics
{
    private int _restartsInWindow;
    private long _windowStart;

    public int TotalRestarts { get; private set; }

    /// <summary>
    /// Whether one more restart is allowed under <paramref name="maxNrOfRetries"/> (negative: unlimited) within
    /// <paramref name="withinTimeRange"/> (infinite: the whole life of the child). Akka's rules: a window with an unlimited
    /// count allows one restart per window; zero retries never allows a restart.
    /// </summary>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan withinTimeRange, long nowTimestamp)
    {
        var hasWindow = withinTimeRange != Timeout.InfiniteTimeSpan && withinTimeRange > TimeSpan.Zero;
        bool allowed;
        if (maxNrOfRetries == 0)
        {
            allowed = false;
        }
        else if (!hasWindow)
        {
            allowed = maxNrOfRetries < 0 || ++_restartsInWindow <= maxNrOfRetries;
        }
        else
        {
            var limit = maxNrOfRetries < 0 ? 1 : maxNrOfRetries;
            if (_windowStart == 0)
            {
                _windowStart = nowTimestamp;
            }

            if (Stopwatch.GetElapsedTime(_windowStart, nowTimestamp) <= withinTimeRange)
            {
                allowed = ++_restartsInWindow <= limit;
            }
            else
            {
                _restartsInWindow = 1;
                _windowStart = nowTimestamp;
                allowed = true;
            }
        }

        if (allowed)
        {
            TotalRestarts++;
        }

        return allowed;
    }
}
