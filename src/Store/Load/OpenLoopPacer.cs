using System.Diagnostics;

namespace Actors.Store.Load;

/// <summary>
/// Waits for an open-loop operation's intended send time. Timers fire about a millisecond late, so long waits
/// sleep until just before the deadline and the rest is yielded away; an operation that is already late is sent
/// at once (its latency, measured from the intended time, then includes the lateness — that is the point).
/// </summary>
internal static class OpenLoopPacer
{
    private static readonly long SleepThreshold = Stopwatch.Frequency / 500;
    private static readonly long TimerSlack = Stopwatch.Frequency / 1000;

    public static ValueTask WaitUntilAsync(long timestamp, RunControl control)
    {
        var remaining = timestamp - Stopwatch.GetTimestamp();
        return remaining <= 0 ? ValueTask.CompletedTask : WaitAsync(timestamp, control);
    }

    private static async ValueTask WaitAsync(long timestamp, RunControl control)
    {
        while (!control.StopRequested)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > SleepThreshold)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)(remaining - TimerSlack) / Stopwatch.Frequency)).ConfigureAwait(false);
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
