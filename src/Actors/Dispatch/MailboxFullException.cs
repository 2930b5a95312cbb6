namespace Actors.Dispatch;

/// <summary>
/// A <see cref="BoundedAnsweringMailbox"/> refused a message: it was full and its overflow policy refused this one, or
/// evicted it to make room (<c>drop-oldest</c>). The sender receives it in a <c>Status.Failure</c> (an <c>Ask</c>
/// faults with it); a message with no sender is published as <c>Akka.Event.Dropped</c> with the same reason instead.
/// Nothing of the message was processed.
/// </summary>
public sealed class MailboxFullException : Exception
{
    public MailboxFullException(string recipient, Type messageType, int capacity, MailboxOverflowPolicy policy, bool evicted)
        : base(Describe(recipient, messageType, capacity, policy, evicted))
    {
        Recipient = recipient;
        MessageType = messageType;
        Capacity = capacity;
        Policy = policy;
        Evicted = evicted;
    }

    /// <summary>The path of the actor whose mailbox was full.</summary>
    public string Recipient { get; }

    /// <summary>The type of the refused message.</summary>
    public Type MessageType { get; }

    /// <summary>The mailbox's capacity.</summary>
    public int Capacity { get; }

    /// <summary>The overflow policy that refused it.</summary>
    public MailboxOverflowPolicy Policy { get; }

    /// <summary>True when the message had been queued and was evicted for a newer one (<c>drop-oldest</c>).</summary>
    public bool Evicted { get; }

    /// <summary>The policy's name in HOCON.</summary>
    public static string ConfigName(MailboxOverflowPolicy policy) => policy switch
    {
        MailboxOverflowPolicy.Reject => "reject",
        MailboxOverflowPolicy.Backpressure => "backpressure",
        MailboxOverflowPolicy.DropOldest => "drop-oldest",
        _ => policy.ToString(),
    };

    private static string Describe(string recipient, Type messageType, int capacity, MailboxOverflowPolicy policy, bool evicted) => evicted
        ? $"{messageType.Name} to {recipient} was evicted from its full mailbox (capacity {capacity}, overflow-policy drop-oldest) to make room for a newer message; it was not processed."
        : $"{messageType.Name} to {recipient} was refused: its mailbox is full (capacity {capacity}, overflow-policy {ConfigName(policy)}); it was not processed.";
}
