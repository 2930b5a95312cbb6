using System.Diagnostics.Metrics;

namespace Actors.Dispatch;

/// <summary>
/// The figures of our mailboxes, on the <c>Actors</c> meter: <c>actors.mailbox.rejections</c> (messages a full
/// bounded mailbox refused or evicted, by <c>policy</c>).
/// </summary>
public static class MailboxMetrics
{
    /// <summary>The meter's name, for exporters' allow-lists.</summary>
    public const string MeterName = "Actors";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Rejections = Meter.CreateCounter<long>(
        "actors.mailbox.rejections", unit: "{message}", description: "Messages a full bounded mailbox refused or evicted; each was answered to its sender.");

    /// <summary>Counts one refused message (also for a client that refuses in a bounded mailbox's name, before sending).</summary>
    public static void Rejected(MailboxOverflowPolicy policy) =>
        Rejections.Add(1, new KeyValuePair<string, object?>("policy", MailboxFullException.ConfigName(policy)));
}
