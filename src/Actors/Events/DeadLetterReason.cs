namespace Actors.Events;

/// <summary>Why a message was not delivered. Low-cardinality: it tags the dead-letter metric.</summary>
public enum DeadLetterReason
{
    /// <summary>The recipient had terminated, or terminated with the message still queued.</summary>
    RecipientTerminated,

    /// <summary>A bounded mailbox was full and its policy (<c>reject</c>, or <c>backpressure</c> past the push timeout) refused the message.</summary>
    MailboxFull,

    /// <summary>A bounded mailbox with the <c>drop-oldest</c> policy evicted the message to make room for a newer one.</summary>
    DroppedOldest,

    /// <summary>A reply reached an ask that had already completed (timed out or cancelled).</summary>
    AskAlreadyCompleted,

    /// <summary>The message was sent to the dead-letters ref, typically a reply to a message that had no sender.</summary>
    NoRecipient,
}
