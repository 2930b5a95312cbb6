namespace Actors.Events;

/// <summary>
/// <c>system.DeadLetters</c>: the sender of messages that had none, so that replying to them is visible rather than
/// lost. Everything told to it is published as a <see cref="DeadLetter"/>.
/// </summary>
internal sealed class DeadLetterActorRef(ActorSystem system, ActorPath path) : InternalActorRef
{
    public override ActorPath Path { get; } = path;

    public override ActorSystem System { get; } = system;

    public override bool IsTerminated => false;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is DeadLetter deadLetter)
        {
            System.DeadLetterOffice.Publish(deadLetter);
            return;
        }

        if (sender is IPromiseRef promise)
        {
            promise.Fail(new UndeliveredMessageException(
                $"{message.GetType().Name} was sent to dead letters and will not be answered.", DeadLetterReason.NoRecipient, Path, message.GetType()));
        }

        System.DeadLetterOffice.Publish(new DeadLetter(message, sender, this, DeadLetterReason.NoRecipient, "sent to dead letters (typically a reply to a message that had no sender)"));
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, isChild: false));
        }
    }
}
