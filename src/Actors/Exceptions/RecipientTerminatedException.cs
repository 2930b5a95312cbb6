using Actors.Events;

namespace Actors;

/// <summary>
/// Faults an <c>Ask</c> whose target had already terminated (or terminated before processing the question),
/// so that the caller learns at once instead of waiting for the ask timeout.
/// </summary>
public sealed class RecipientTerminatedException(ActorPath recipient, Type messageType)
    : UndeliveredMessageException(
        $"{messageType.Name} to {recipient} was not delivered: the recipient has terminated.",
        DeadLetterReason.RecipientTerminated,
        recipient,
        messageType);
