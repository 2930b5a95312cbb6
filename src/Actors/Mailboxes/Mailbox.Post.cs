using System.Threading.Channels;
using Actors.Diagnostics;
using Actors.Events;

namespace Actors.Mailboxes;

/// <summary>The sending side: enqueueing user messages and applying the overflow policy when a bounded queue is full.</summary>
internal sealed partial class Mailbox
{
    // Stands in for the queue once the mailbox has closed, so that a late sender cannot create a fresh one.
    private static readonly MessageQueue ClosedQueue = CreateClosedQueue();

    /// <summary>Enqueues a user message; a synchronous sender waits at most the push timeout for room.</summary>
    public void Post(in Envelope envelope)
    {
        var queue = _queue ?? EnsureQueue();
        if (queue.TryEnqueue(envelope))
        {
            OnEnqueued(queue);
            return;
        }

        PostSlow(envelope, queue);
    }

    /// <summary>Enqueues a user message, waiting for room asynchronously under backpressure.</summary>
    public ValueTask PostAsync(in Envelope envelope, CancellationToken cancellationToken)
    {
        var queue = _queue ?? EnsureQueue();
        if (queue.TryEnqueue(envelope))
        {
            OnEnqueued(queue);
            return default;
        }

        return PostSlowAsync(envelope, queue, cancellationToken);
    }

    /// <summary>
    /// Gives a message back to the actor's own queue from inside its turn (a Terminated, a receive timeout). It keeps
    /// its place behind earlier messages when there is room, and is never refused: when a bounded queue is full it
    /// goes to the front instead.
    /// </summary>
    public void EnqueueFromTurn(in Envelope envelope)
    {
        var queue = _queue ?? EnsureQueue();
        if (_ownerQueue is not { Count: > 0 } && queue.TryEnqueue(envelope))
        {
            ActorMetrics.Enqueued();
            return;
        }

        (_ownerQueue ??= new Queue<Envelope>()).Enqueue(envelope);
    }

    /// <summary>Puts messages (an unstash) at the front of the queue, in order, ahead of anything already there.</summary>
    public void PrependFromTurn(IReadOnlyList<Envelope> envelopes)
    {
        if (envelopes.Count == 0)
        {
            return;
        }

        var queue = new Queue<Envelope>(envelopes.Count + (_ownerQueue?.Count ?? 0));
        foreach (var envelope in envelopes)
        {
            queue.Enqueue(envelope);
        }

        if (_ownerQueue is not null)
        {
            foreach (var envelope in _ownerQueue)
            {
                queue.Enqueue(envelope);
            }
        }

        _ownerQueue = queue;
    }

    private void OnEnqueued(MessageQueue queue)
    {
        ActorMetrics.Enqueued();
        if (IsClosed)
        {
            // The write raced the close: the closing turn may already have drained, so make sure this message (and
            // any other straggler) is dead-lettered rather than left in a queue nobody reads.
            DrainClosed(queue);
            return;
        }

        TrySchedule(forUserMessage: true);
    }

    private void DrainClosed(MessageQueue queue)
    {
        while (queue.TryDequeue(out var envelope))
        {
            ActorMetrics.Dequeued(1);
            DeadLetterTerminated(envelope);
        }
    }

    private void PostSlow(in Envelope envelope, MessageQueue queue)
    {
        if (IsClosed || queue is not BoundedMessageQueue bounded)
        {
            // An unbounded write only fails once the queue is closed, i.e. the actor has terminated.
            DeadLetterTerminated(envelope);
            return;
        }

        if (_settings.Overflow != OverflowPolicy.Backpressure || _settings.PushTimeout == TimeSpan.Zero)
        {
            Reject(envelope, notifySender: true);
            return;
        }

        // A synchronous caller has no way to wait without a thread; it waits at most the push timeout.
        using var timeout = new CancellationTokenSource(_settings.PushTimeout);
        try
        {
            while (true)
            {
                var wait = bounded.WaitToEnqueueAsync(timeout.Token);
                var open = wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
                if (!open)
                {
                    DeadLetterTerminated(envelope);
                    return;
                }

                if (bounded.TryEnqueue(envelope))
                {
                    OnEnqueued(bounded);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Reject(envelope, notifySender: true);
        }
    }

    private async ValueTask PostSlowAsync(Envelope envelope, MessageQueue queue, CancellationToken cancellationToken)
    {
        if (IsClosed || queue is not BoundedMessageQueue bounded)
        {
            DeadLetterTerminated(envelope);
            return;
        }

        if (_settings.Overflow != OverflowPolicy.Backpressure || _settings.PushTimeout == TimeSpan.Zero)
        {
            throw Reject(envelope, notifySender: false);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.PushTimeout);
        try
        {
            await bounded.EnqueueAsync(envelope, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Reject(envelope, notifySender: false);
        }
        catch (ChannelClosedException)
        {
            DeadLetterTerminated(envelope);
            return;
        }

        OnEnqueued(bounded);
    }

    private MailboxFullException Reject(in Envelope envelope, bool notifySender)
    {
        var failure = new MailboxFullException(
            _invoker.Self.Path, envelope.Message.GetType(), _settings.Capacity, _settings.Overflow, DeadLetterReason.MailboxFull);
        ActorMetrics.Rejected(_settings.Overflow);
        _invoker.OnUndeliverable(envelope, DeadLetterReason.MailboxFull, failure, notifySender);
        return failure;
    }

    // Called by the bounded channel (drop-oldest) with the envelope it evicted.
    private void OnDroppedOldest(Envelope envelope)
    {
        ActorMetrics.Dequeued(1);
        ActorMetrics.Rejected(OverflowPolicy.DropOldest);
        var failure = new MailboxFullException(
            _invoker.Self.Path, envelope.Message.GetType(), _settings.Capacity, OverflowPolicy.DropOldest, DeadLetterReason.DroppedOldest);
        _invoker.OnUndeliverable(envelope, DeadLetterReason.DroppedOldest, failure, notifySender: true);
    }

    private void DeadLetterTerminated(in Envelope envelope) =>
        _invoker.OnUndeliverable(
            envelope,
            DeadLetterReason.RecipientTerminated,
            new RecipientTerminatedException(_invoker.Self.Path, envelope.Message.GetType()),
            notifySender: false);

    private MessageQueue EnsureQueue()
    {
        MessageQueue created = _settings.IsBounded
            ? new BoundedMessageQueue(_settings, OnDroppedOldest)
            : new UnboundedMessageQueue();
        return Interlocked.CompareExchange(ref _queue, created, null) ?? created;
    }

    private static MessageQueue CreateClosedQueue()
    {
        var queue = new UnboundedMessageQueue();
        queue.Close();
        return queue;
    }
}
