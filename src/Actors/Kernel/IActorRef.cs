namespace Actors;

/// <summary>
/// An immutable, thread-safe handle to one incarnation of an actor. Refs compare equal only when they
/// point at the same incarnation: a new actor created later under the same path is a different ref.
/// </summary>
public interface IActorRef : IEquatable<IActorRef>
{
    /// <summary>The actor's place in the hierarchy, e.g. <c>actors://app/user/store/shard-7</c>.</summary>
    ActorPath Path { get; }

    /// <summary>
    /// Enqueues <paramref name="message"/> without waiting for it to be processed. Never throws for a dead or
    /// overloaded recipient: an undelivered message is published as a <see cref="Events.DeadLetter"/> with its reason,
    /// and a rejected one is answered to <paramref name="sender"/> with a <see cref="Status.Failure"/>.
    /// On a bounded mailbox with the <c>backpressure</c> policy this call waits at most the mailbox's push timeout
    /// for room; prefer <see cref="TellAsync"/> on asynchronous paths, which waits without blocking a thread.
    /// </summary>
    void Tell(object message, IActorRef? sender);

    /// <summary>
    /// Enqueues <paramref name="message"/>, waiting asynchronously for room in a bounded mailbox (up to its push
    /// timeout). Completes when the message is enqueued (or dead-lettered because the recipient has terminated);
    /// faults with <see cref="Mailboxes.MailboxFullException"/> when the mailbox rejected it.
    /// </summary>
    ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default);
}
