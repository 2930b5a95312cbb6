namespace Actors.Mailboxes;

/// <summary>What a bounded mailbox does with a message that arrives when it is full.</summary>
public enum OverflowPolicy
{
    /// <summary>
    /// The sender waits for room, up to the mailbox's push timeout: asynchronously for <c>TellAsync</c> and
    /// <c>Ask</c>, blocking for a synchronous <c>Tell</c>. Past the timeout the message is rejected.
    /// </summary>
    Backpressure,

    /// <summary>The message is rejected at once.</summary>
    Reject,

    /// <summary>The oldest queued message is evicted to make room; the evicted message is rejected.</summary>
    DropOldest,
}
