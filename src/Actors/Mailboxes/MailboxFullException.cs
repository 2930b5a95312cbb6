using Actors.Events;

namespace Actors.Mailboxes;

/// <summary>
/// A bounded mailbox refused a message: it was full and its overflow policy rejected the message, or the message
/// was evicted by <c>drop-oldest</c>. The asker's task faults with it; a plain sender receives it in a
/// <see cref="Status.Failure"/>; the message is also published as a dead letter.
/// </summary>
public sealed class MailboxFullException : UndeliveredMessageException
{
    /// <summary>Creates the exception.</summary>
    public MailboxFullException(ActorPath recipient, Type messageType, int capacity, OverflowPolicy policy, DeadLetterReason reason)
        : base(Describe(recipient, messageType, capacity, policy, reason), reason, recipient, messageType)
    {
        Capacity = capacity;
        Policy = policy;
    }

    /// <summary>The capacity of the full mailbox.</summary>
    public int Capacity { get; }

    /// <summary>The overflow policy that refused the message.</summary>
    public OverflowPolicy Policy { get; }

    private static string Describe(ActorPath recipient, Type messageType, int capacity, OverflowPolicy policy, DeadLetterReason reason) =>
        reason == DeadLetterReason.DroppedOldest
            ? $"{messageType.Name} to {recipient} was evicted from its full mailbox (capacity {capacity}, overflow-policy drop-oldest) to make room for a newer message."
            : $"{messageType.Name} to {recipient} was rejected: its mailbox is full (capacity {capacity}, overflow-policy {ToConfigName(policy)}).";

    internal static string ToConfigName(OverflowPolicy policy) => policy switch
    {
        OverflowPolicy.Backpressure => "backpressure",
        OverflowPolicy.Reject => "reject",
        OverflowPolicy.DropOldest => "drop-oldest",
        _ => policy.ToString(),
    };
}
