namespace Actors.Events;

/// <summary>A message that was not delivered, published on the event stream with who sent it, to whom, and why.</summary>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient, DeadLetterReason Reason, string Detail)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"Dead letter ({Reason}): {Message.GetType().Name} from {Sender?.Path.ToString() ?? "no sender"} to {Recipient.Path}: {Detail}";
}
