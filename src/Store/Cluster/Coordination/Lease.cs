using System.Diagnostics;

namespace Actors.Store.Cluster;

/// <summary>
/// A right that lasts <see cref="Duration"/> from the moment a confirming statement was <em>sent</em>, by this host's
/// monotonic clock (which keeps running while the process is paused).
/// </summary>
/// <remarks>
/// The database takes the confirmation (a heartbeat, a coordinator's round) after it was sent, and the other side acts
/// only once a full failure timeout has passed since then by the database's clock. A lease shorter than the failure
/// timeout therefore runs out here before anyone else can take over, without comparing the two hosts' clocks.
/// </remarks>
internal sealed class Lease(TimeSpan duration)
{
    private long _confirmedSentAt = long.MinValue;

    public TimeSpan Duration { get; } = duration;

    public bool IsValid
    {
        get
        {
            long sentAt = Volatile.Read(ref _confirmedSentAt);
            return sentAt != long.MinValue && Stopwatch.GetElapsedTime(sentAt) < Duration;
        }
    }

    /// <summary>Extends the lease from <paramref name="sentAt"/> (a <see cref="Stopwatch.GetTimestamp"/> reading).</summary>
    public void Confirm(long sentAt)
    {
        long current = Volatile.Read(ref _confirmedSentAt);
        while (sentAt > current)
        {
            long seen = Interlocked.CompareExchange(ref _confirmedSentAt, sentAt, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    public void Revoke() => Volatile.Write(ref _confirmedSentAt, long.MinValue);
}
