namespace Actors.Dispatch;

using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

/// <summary>
/// A bounded mailbox for Akka.NET that never drops a message silently. Akka.NET's own <c>BoundedMailbox</c> blocks
/// the sending thread and then sends the message to dead letters without telling the sender; this one answers every
/// message it refuses to its sender with <c>Status.Failure(</c><see cref="MailboxFullException"/><c>)</c> — or, when it
/// has no sender to answer, publishes it as <c>Akka.Event.Dropped</c> with the reason — and counts it
/// (<see cref="MailboxMetrics"/>). Answered refusals are not published too: under overload that would be every
/// refused message, queued again in the unbounded mailboxes of the event stream's subscribers.
/// <para>
/// Configure it by id, next to Akka's own mailboxes, and choose it with <c>Props.WithMailbox(id)</c>:
/// <code>
/// bounded-mailbox {
///   mailbox-type = "Actors.Dispatch.BoundedAnsweringMailbox, Actors"
///   mailbox-capacity = 1000                # queued messages at most (at least 1)
///   overflow-policy = reject               # reject | backpressure | drop-oldest
///   mailbox-push-timeout-time = 10s        # backpressure: how long a sender may wait for room
/// }
/// </code>
/// </para>
/// <para>
/// Persistent actors need a deque-based mailbox (they stash while recovering and persisting), so the queue also
/// takes messages back at its front; those were accepted once and are never refused again.
/// </para>
/// </summary>
public sealed class BoundedAnsweringMailbox : MailboxType, IProducesMessageQueue<BoundedAnsweringMessageQueue>
{
    public BoundedAnsweringMailbox(Settings settings, Config config)
        : base(settings, config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Capacity = config.GetInt("mailbox-capacity", 1000);
        if (Capacity < 1)
        {
            throw new ConfigurationException($"mailbox-capacity of a {nameof(BoundedAnsweringMailbox)} must be at least 1 (was {Capacity}).");
        }

        Policy = ParsePolicy(config.GetString("overflow-policy", "reject"));
        try
        {
            PushTimeout = config.GetTimeSpan("mailbox-push-timeout-time", TimeSpan.FromSeconds(10), allowInfinite: false);
        }
        catch (FormatException)
        {
            throw new ConfigurationException(
                $"mailbox-push-timeout-time of a {nameof(BoundedAnsweringMailbox)} must be a duration of zero or more, such as 10s or 500ms (was '{config.GetString("mailbox-push-timeout-time")}').");
        }
    }

    /// <summary>Queued messages at most.</summary>
    public int Capacity { get; }

    /// <summary>What a full mailbox does with one more message.</summary>
    public MailboxOverflowPolicy Policy { get; }

    /// <summary>How long a sender waits for room under <see cref="MailboxOverflowPolicy.Backpressure"/>.</summary>
    public TimeSpan PushTimeout { get; }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) =>
        new BoundedAnsweringMessageQueue(owner, system, Capacity, Policy, PushTimeout);

    /// <summary>Reads an <c>overflow-policy</c> value; anything else is a clear error naming what is accepted.</summary>
    public static MailboxOverflowPolicy ParsePolicy(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "reject" => MailboxOverflowPolicy.Reject,
        "backpressure" => MailboxOverflowPolicy.Backpressure,
        "drop-oldest" => MailboxOverflowPolicy.DropOldest,
        _ => throw new ConfigurationException($"overflow-policy '{text}' is not one of: reject, backpressure, drop-oldest."),
    };
}
