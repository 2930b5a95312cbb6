using Microsoft.Extensions.Logging;

namespace Actors;

/// <summary>
/// The actor's view of the runtime while it processes a message: who it is, who sent the message, its children, and
/// the operations that change its place in the hierarchy. Use it only from the actor's own message handling.
/// </summary>
public interface IActorContext
{
    /// <summary>This actor's ref.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the current message, or the dead-letters ref when it had none.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervising parent.</summary>
    IActorRef Parent { get; }

    /// <summary>The system the actor lives in.</summary>
    ActorSystem System { get; }

    /// <summary>The props this actor was created from.</summary>
    Props Props { get; }

    /// <summary>A logger named after the actor's class.</summary>
    ILogger Log { get; }

    /// <summary>The current children.</summary>
    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>User messages waiting in this actor's mailbox right now (an instantaneous reading, for statistics).</summary>
    int MailboxDepth { get; }

    /// <summary>The receive timeout, if one is set.</summary>
    TimeSpan? ReceiveTimeout { get; }

    /// <summary>Creates a child; <paramref name="name"/> must be unique among this actor's children.</summary>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>The child named <paramref name="name"/>, or <see langword="null"/>.</summary>
    IActorRef? Child(string name);

    /// <summary>Stops <paramref name="actor"/> (this actor or a child) after the message it is processing.</summary>
    void Stop(IActorRef actor);

    /// <summary>Asks for a <see cref="Terminated"/> when <paramref name="subject"/> stops (at once if it already has).</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Cancels a <see cref="Watch"/>; no <see cref="Terminated"/> for it is delivered afterwards.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>
    /// Sends this actor a <see cref="Actors.ReceiveTimeout"/> whenever it has received no message for
    /// <paramref name="timeout"/>; <see langword="null"/> turns it off.
    /// </summary>
    void SetReceiveTimeout(TimeSpan? timeout);
}
