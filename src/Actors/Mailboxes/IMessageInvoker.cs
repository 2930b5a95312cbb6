using Actors.Events;

namespace Actors.Mailboxes;

/// <summary>
/// What a mailbox runs its messages against (the actor cell). The mailbox owns queueing and scheduling; the invoker
/// owns what a message means. Every call happens on the mailbox's turn, so never on two threads at once, except the
/// <see cref="OnUndeliverable"/> family, which may run on a sender's thread.
/// </summary>
internal interface IMessageInvoker
{
    /// <summary>The recipient, for dead letters and errors.</summary>
    InternalActorRef Self { get; }

    /// <summary>Sets up the ambient context of a turn (the current actor for implicit senders).</summary>
    void OnTurnStarted();

    /// <summary>Clears what <see cref="OnTurnStarted"/> set up.</summary>
    void OnTurnEnded();

    /// <summary>Processes a system message.</summary>
    void InvokeSystem(SystemMessage message);

    /// <summary>Processes a user message.</summary>
    void Invoke(in Envelope envelope);

    /// <summary>A user message that will never be processed: dead-letter it and tell whoever waits for it.</summary>
    void OnUndeliverable(in Envelope envelope, DeadLetterReason reason, UndeliveredMessageException failure, bool notifySender);

    /// <summary>A system message that arrived after the mailbox closed (e.g. a watch of a dead actor).</summary>
    void OnSystemMessageAfterClose(SystemMessage message);

    /// <summary>An exception escaped the invoker itself: a runtime bug, reported rather than crashing the process.</summary>
    void OnMailboxCrashed(Exception exception);
}
