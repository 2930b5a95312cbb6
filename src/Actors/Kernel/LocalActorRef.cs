using Actors.Mailboxes;

namespace Actors;

/// <summary>The ref of an actor in this process: sends go straight into its mailbox.</summary>
internal sealed class LocalActorRef(ActorCell cell) : InternalActorRef
{
    // Senders go straight to the mailbox: the cell's own fields share cache lines with the current envelope, which
    // the actor writes on every message, and reading through them would make every send miss.
    private readonly Mailbox _mailbox = cell.Mailbox;

    public ActorCell Cell { get; } = cell;

    public override ActorPath Path => Cell.Path;

    public override ActorSystem System => Cell.System;

    public override bool IsTerminated => _mailbox.IsClosed;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        _mailbox.Post(new Envelope(message, sender));
    }

    public override ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled(cancellationToken)
            : _mailbox.PostAsync(new Envelope(message, sender), cancellationToken);
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (!_mailbox.PostSystem(message))
        {
            Cell.OnSystemMessageAfterClose(message);
        }
    }
}
