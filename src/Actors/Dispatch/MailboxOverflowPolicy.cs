namespace Actors.Dispatch;

/// <summary>What a full <see cref="BoundedAnsweringMailbox"/> does with one more message.</summary>
public enum MailboxOverflowPolicy
{
    /// <summary>Refuse it at once: the sender gets <see cref="MailboxFullException"/>.</summary>
    Reject,

    /// <summary>Block the sending thread up to <c>mailbox-push-timeout-time</c> for room, then refuse it.</summary>
    Backpressure,

    /// <summary>Evict the oldest queued message (its sender gets <see cref="MailboxFullException"/>) to make room.</summary>
    DropOldest,
}
