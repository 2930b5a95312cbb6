using Actors.Diagnostics;

namespace Actors.Events;

/// <summary>
/// Where undelivered messages end up: each is counted, published on the event stream as a <see cref="DeadLetter"/>,
/// and whoever waits for it is told — an asker's task faults with the cause, and (for a rejection) a sending actor
/// receives a <see cref="Status.Failure"/>, and a message that asked to know (<see cref="INotifyUndelivered"/>) is told.
/// Nothing is dropped silently.
/// </summary>
internal sealed class DeadLetterOffice(ActorSystem system)
{
    public void Undeliverable(in Envelope envelope, IActorRef recipient, DeadLetterReason reason, UndeliveredMessageException failure, bool notifySender)
    {
        if (envelope.Sender is IPromiseRef promise)
        {
            promise.Fail(failure);
        }
        else if (notifySender && envelope.Sender is InternalActorRef { IsTerminated: false } sender && sender is not DeadLetterActorRef)
        {
            // No sender on the failure notice: if it cannot be delivered either, it becomes a dead letter, not a loop.
            sender.Tell(new Status.Failure(failure), null);
        }

        if (envelope.Message is INotifyUndelivered notify)
        {
            notify.OnUndelivered(reason, failure);
        }

        if (envelope.Message is DeadLetter)
        {
            // A dead letter that could not reach a subscriber is counted, not republished: that could loop.
            ActorMetrics.DeadLetter(reason);
            return;
        }

        Publish(new DeadLetter(envelope.Message, envelope.Sender, recipient, reason, failure.Message));
    }

    public void Publish(DeadLetter deadLetter)
    {
        ActorMetrics.DeadLetter(deadLetter.Reason);
        system.EventStream.Publish(deadLetter);
    }
}
