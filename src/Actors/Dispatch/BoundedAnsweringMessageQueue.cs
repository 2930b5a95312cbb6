using System.Collections.Concurrent;

namespace Actors.Dispatch;

using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;
using Akka.Event;

/// <summary>
/// The queue of a <see cref="BoundedAnsweringMailbox"/>: many senders, one consumer (the actor). At most
/// <see cref="Capacity"/> messages wait; one more is refused — answered to its sender (or, with no sender, published as
/// <see cref="Dropped"/>), counted — or, under <c>drop-oldest</c>, the oldest waiting message is, to make room.
/// </summary>
/// <remarks>
/// Akka.NET's own messages (types under the <c>Akka</c> namespace: a journal's write confirmations and replayed events,
/// replies in <c>Status</c>, <c>PoisonPill</c>, ...) are never refused and do not count against the bound: they answer
/// what the actor itself asked for, so the actor bounds their number, and refusing one would wedge it (a shard whose
/// write confirmation was refused would never reply). They wait in a lane of their own that the actor reads first —
/// as if the journal had answered a little sooner.
/// <para>
/// The bound is kept with one counter of admitted messages that a sender raises before it adds to the queue and the
/// consumer lowers as it takes, so the queue never holds more than <see cref="Capacity"/> sent messages, whatever
/// the races between senders. Messages the actor gives back to the front (unstashed) were admitted once: they sit in
/// a consumer-only deque in front of the queue and are never refused again. That is also why this queue claims
/// unbounded deque semantics, which Akka.NET requires of a persistent actor's mailbox: the bound applies to what
/// arrives, not to what the actor stashed.
/// </para>
/// </remarks>
public sealed class BoundedAnsweringMessageQueue : IMessageQueue, IUnboundedDequeBasedMessageQueueSemantics
{
    private readonly ConcurrentQueue<Envelope> _queue = new();
    private readonly ConcurrentQueue<Envelope> _infrastructure = new();

    // Touched only by the consumer: messages put back at the front (EnqueueFirst is called from the actor's turn).
    private readonly Stack<Envelope> _front = new();
    private readonly IActorRef _owner;
    private readonly ActorSystem _system;
    private readonly TimeSpan _pushTimeout;
    private readonly SemaphoreSlim? _room;
    private int _admitted;
    private int _frontCount;

    public BoundedAnsweringMessageQueue(IActorRef owner, ActorSystem system, int capacity, MailboxOverflowPolicy policy, TimeSpan pushTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _owner = owner;
        _system = system;
        Capacity = capacity;
        Policy = policy;
        _pushTimeout = pushTimeout;
        if (policy == MailboxOverflowPolicy.Backpressure)
        {
            // Counts the free places, so that a blocked sender wakes when the consumer takes a message.
            _room = new SemaphoreSlim(capacity, capacity);
        }
    }

    public int Capacity { get; }

    public MailboxOverflowPolicy Policy { get; }

    public bool HasMessages => Volatile.Read(ref _frontCount) > 0 || !_infrastructure.IsEmpty || !_queue.IsEmpty;

    public int Count => Volatile.Read(ref _frontCount) + _infrastructure.Count + Volatile.Read(ref _admitted);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        if (IsInfrastructure(envelope.Message))
        {
            _infrastructure.Enqueue(envelope);
            return;
        }

        switch (Policy)
        {
            case MailboxOverflowPolicy.Backpressure:
                // Blocks the sending thread, as Akka's BoundedMailbox does — but a sender that waited in vain is told.
                if (_room!.Wait(_pushTimeout))
                {
                    Interlocked.Increment(ref _admitted);
                    _queue.Enqueue(envelope);
                }
                else
                {
                    Refuse(envelope, evicted: false);
                }

                break;

            case MailboxOverflowPolicy.DropOldest:
                while (!TryAdmit())
                {
                    // Full: evict the oldest waiting message to make room. If the consumer took it first, room is
                    // free anyway and the next admission succeeds.
                    if (_queue.TryDequeue(out var oldest))
                    {
                        Interlocked.Decrement(ref _admitted);
                        Refuse(oldest, evicted: true);
                    }
                }

                _queue.Enqueue(envelope);
                break;

            default:
                if (TryAdmit())
                {
                    _queue.Enqueue(envelope);
                }
                else
                {
                    Refuse(envelope, evicted: false);
                }

                break;
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (_front.Count > 0)
        {
            envelope = _front.Pop();
            Volatile.Write(ref _frontCount, _front.Count);
            return true;
        }

        if (_infrastructure.TryDequeue(out envelope))
        {
            return true;
        }

        if (_queue.TryDequeue(out envelope))
        {
            Interlocked.Decrement(ref _admitted);
            _room?.Release();
            return true;
        }

        return false;
    }

    /// <summary>Puts a message back in front (the actor unstashing); it was admitted once and is never refused.</summary>
    public void EnqueueFirst(Envelope envelope)
    {
        _front.Push(envelope);
        Volatile.Write(ref _frontCount, _front.Count);
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
        {
            deadletters.Enqueue(owner, envelope);
        }
    }

    /// <summary>Whether a message is one of Akka.NET's own, which this mailbox never refuses (see the remarks).</summary>
    public static bool IsInfrastructure(object message) =>
        message.GetType().Namespace is { } name && (name == "Akka" || name.StartsWith("Akka.", StringComparison.Ordinal));

    private bool TryAdmit()
    {
        var admitted = Volatile.Read(ref _admitted);
        while (admitted < Capacity)
        {
            var seen = Interlocked.CompareExchange(ref _admitted, admitted + 1, admitted);
            if (seen == admitted)
            {
                return true;
            }

            admitted = seen;
        }

        return false;
    }

    private void Refuse(Envelope envelope, bool evicted)
    {
        var message = envelope.Message;
        var error = new MailboxFullException(_owner.Path.ToString(), message.GetType(), Capacity, Policy, evicted);
        MailboxMetrics.Rejected(Policy);
        var sender = envelope.Sender;
        if (sender is not null && !sender.IsNobody() && !ReferenceEquals(sender, _system.DeadLetters))
        {
            // Answered: the refusal is the sender's to handle, and counted. It is not published as well: under
            // overload that is every message refused, and the event stream's subscribers (their mailboxes unbounded)
            // would queue what this mailbox exists to keep out.
            sender.Tell(new Status.Failure(error), _owner);
            return;
        }

        // No one to answer: published, so that the refusal is never silent.
        _system.EventStream.Publish(new Dropped(message, error.Message, sender ?? ActorRefs.NoSender, _owner));
    }
}
