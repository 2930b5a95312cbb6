using System.Diagnostics;
using System.Diagnostics.Metrics;
using Actors.Diagnostics;
using Actors.Dispatch;

namespace Actors.Persistence.GroupCommit;

/// <summary>
/// Group commit's journal figures on the <c>Actors</c> meter: <c>actors.persistence.group.events</c> (events carried by
/// each journal write, one write per group), <c>actors.persistence.write.duration</c> (from handing a group to the
/// journal to its confirmation) and <c>actors.persistence.recovery.duration</c> (from an actor's start to the end of
/// its replay). Persistent actors are many and short-lived, so the figures are not tagged per actor.
/// </summary>
internal static class GroupCommitMetrics
{
    private static readonly Meter Meter = new(MailboxMetrics.MeterName);

    private static readonly Histogram<long> GroupEvents = Meter.CreateHistogram(
        "actors.persistence.group.events",
        "{event}",
        "Events carried by one journal write of a group-committing persistent actor.",
        tags: null,
        new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096] });

    private static readonly Histogram<double> WriteDuration = Meter.CreateHistogram(
        "actors.persistence.write.duration",
        "s",
        "Time from handing a group to the journal to the journal's confirmation.",
        tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets.Seconds });

    private static readonly Histogram<double> RecoveryDuration = Meter.CreateHistogram(
        "actors.persistence.recovery.duration",
        "s",
        "Time from a group-committing persistent actor's start to the end of its recovery (snapshot and replay).",
        tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets.Seconds });

    public static void GroupWritten(int events, long startTimestamp)
    {
        GroupEvents.Record(events);
        if (WriteDuration.Enabled)
        {
            WriteDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
        }
    }

    public static void Recovered(long startTimestamp)
    {
        if (RecoveryDuration.Enabled)
        {
            RecoveryDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
        }
    }
}
