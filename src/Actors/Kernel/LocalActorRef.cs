namespace Actors;

/// <summary>The ref of an actor in this process: sends go straight into its cell's mailbox.</summary>
internal sealed class LocalActorRef(ActorCell cell) : InternalActorRef
{
    public ActorCell Cell { get; } = cell;

    public override ActorPath Path => Cell.Path;

    public override ActorSystem System => Cell.System;

    public override bool IsTerminated => Cell.Mailbox.IsClosed;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.Mailbox.Post(new Envelope(message, sender));
    }

    public override ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled(cancellationToken)
            : Cell.Mailbox.PostAsync(new Envelope(message, sender), cancellationToken);
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (!Cell.Mailbox.PostSystem(message))
        {
            Cell.OnSystemMessageAfterClose(message);
        }
    }
}
