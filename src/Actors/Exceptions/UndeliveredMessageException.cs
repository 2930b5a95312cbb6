using Actors.Events;

namespace Actors;

/// <summary>
/// The cause given to an asker (or a sender, in a <see cref="Status.Failure"/>) whose message was not delivered.
/// The same message is published as a <see cref="DeadLetter"/> with <see cref="Reason"/>.
/// </summary>
public class UndeliveredMessageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UndeliveredMessageException(string message, DeadLetterReason reason, ActorPath recipient, Type messageType)
        : base(message)
    {
        Reason = reason;
        Recipient = recipient;
        MessageType = messageType;
    }

    /// <summary>Why the message was not delivered.</summary>
    public DeadLetterReason Reason { get; }

    /// <summary>Where it was going.</summary>
    public ActorPath Recipient { get; }

    /// <summary>The type of the undelivered message.</summary>
    public Type MessageType { get; }
}
