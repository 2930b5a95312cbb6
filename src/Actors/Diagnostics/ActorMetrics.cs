using System.Diagnostics.Metrics;
using Actors.Events;
using Actors.Mailboxes;

namespace Actors.Diagnostics;

/// <summary>
/// The runtime's instruments on the meter named <c>Actors</c> (observe with <c>dotnet-counters monitor --counters Actors</c>).
/// Hot paths record per turn, not per message, and check <c>Enabled</c> first, so an unobserved meter costs a branch.
/// </summary>
public static class ActorMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Actors";

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Counter<long> MessagesProcessed =
        Meter.CreateCounter<long>("actors.messages.processed", "{message}", "User messages processed by actors.");

    private static readonly UpDownCounter<long> MailboxDepth =
        Meter.CreateUpDownCounter<long>("actors.mailbox.depth", "{message}", "User messages queued in all mailboxes.");

    private static readonly Counter<long> DeadLetters =
        Meter.CreateCounter<long>("actors.dead_letters", "{message}", "Messages not delivered, by reason.");

    private static readonly Counter<long> Rejections =
        Meter.CreateCounter<long>("actors.mailbox.rejections", "{message}", "Messages refused by a full bounded mailbox, by overflow policy.");

    private static readonly Counter<long> Restarts =
        Meter.CreateCounter<long>("actors.restarts", "{restart}", "Actor restarts ordered by supervisors.");

    private static readonly Counter<long> AskTimeouts =
        Meter.CreateCounter<long>("actors.ask.timeouts", "{ask}", "Asks that received no reply within their timeout.");

    private static readonly UpDownCounter<long> LiveActors =
        Meter.CreateUpDownCounter<long>("actors.actors.live", "{actor}", "Actors started and not yet stopped.");

    internal static void Processed(int count)
    {
        if (MessagesProcessed.Enabled)
        {
            MessagesProcessed.Add(count);
        }
    }

    internal static void Enqueued()
    {
        if (MailboxDepth.Enabled)
        {
            MailboxDepth.Add(1);
        }
    }

    internal static void Dequeued(int count)
    {
        if (count > 0 && MailboxDepth.Enabled)
        {
            MailboxDepth.Add(-count);
        }
    }

    internal static void DeadLetter(DeadLetterReason reason)
    {
        if (DeadLetters.Enabled)
        {
            DeadLetters.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(reason)));
        }
    }

    internal static void Rejected(OverflowPolicy policy)
    {
        if (Rejections.Enabled)
        {
            Rejections.Add(1, new KeyValuePair<string, object?>("policy", MailboxFullException.ToConfigName(policy)));
        }
    }

    internal static void Restarted() => Restarts.Add(1);

    internal static void AskTimedOut() => AskTimeouts.Add(1);

    internal static void ActorStarted() => LiveActors.Add(1);

    internal static void ActorStopped() => LiveActors.Add(-1);

    private static string ReasonTag(DeadLetterReason reason) => reason switch
    {
        DeadLetterReason.RecipientTerminated => "recipient-terminated",
        DeadLetterReason.MailboxFull => "mailbox-full",
        DeadLetterReason.DroppedOldest => "dropped-oldest",
        DeadLetterReason.AskAlreadyCompleted => "ask-already-completed",
        DeadLetterReason.NoRecipient => "no-recipient",
        _ => reason.ToString(),
    };
}
