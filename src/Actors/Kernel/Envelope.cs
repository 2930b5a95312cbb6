namespace Actors;

/// <summary>A user message together with the ref that sent it; what a mailbox stores.</summary>
internal readonly struct Envelope(object message, IActorRef? sender)
{
    public object Message { get; } = message;

    public IActorRef? Sender { get; } = sender;

    public override string ToString() => $"{Message.GetType().Name} from {Sender?.Path.ToString() ?? "no sender"}";
}
