using Actors.Dispatch;

namespace Actors.Store.Client;

using Akka.Actor;

/// <summary>
/// The sender of a message the store's client tells a shard without waiting for a reply (a batch of callers'
/// operations, a pipeline's writes): the one answer it can get is a bounded mailbox's refusal, which it passes on. A
/// bare reference with no actor behind it — the light reply path that spares each message an <c>Ask</c>'s temporary
/// actor.
/// </summary>
internal sealed class RefusalListener(IActorRefProvider provider, ActorPath path, Action<MailboxFullException> refused) : MinimalActorRef
{
    public override ActorPath Path { get; } = path;

    public override IActorRefProvider Provider { get; } = provider;

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (message is Status.Failure { Cause: MailboxFullException full })
        {
            refused(full);
        }
    }
}
