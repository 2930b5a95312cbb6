using System.Threading.Channels;
using Actors.Diagnostics;
using Actors.Events;

namespace Actors.Mailboxes;

/// <summary>The sending side: enqueueing user messages and applying the overflow policy when a bounded queue is full.</summary>
internal sealed partial class Mailbox
{
    // Stands in for the channel once the mailbox has closed, so that a late sender cannot create a fresh one.
    private static readonly Channel<Envelope> ClosedChannel = CreateClosedChannel();

    /// <summary>Enqueues a user message; a synchronous sender waits at most the push timeout for room.</summary>
    public void Post(in Envelope envelope)
    {
        var channel = _channel ?? EnsureChannel();
        if (channel.Writer.TryWrite(envelope))
        {
            OnEnqueued();
            return;
        }

        PostSlow(envelope, channel);
    }

    /// <summary>Enqueues a user message, waiting for room asynchronously under backpressure.</summary>
    public ValueTask PostAsync(in Envelope envelope, CancellationToken cancellationToken)
    {
        var channel = _channel ?? EnsureChannel();
        if (channel.Writer.TryWrite(envelope))
        {
            OnEnqueued();
            return default;
        }

        return PostSlowAsync(envelope, channel, cancellationToken);
    }

    /// <summary>
    /// Gives a message back to the actor's own queue from inside its turn (a Terminated, a receive timeout). It keeps
    /// its place behind earlier messages when there is room, and is never refused: when a bounded queue is full it
    /// goes to the front instead.
    /// </summary>
    public void EnqueueFromTurn(in Envelope envelope)
    {
        var channel = _channel ?? EnsureChannel();
        if (_ownerQueue is not { Count: > 0 } && channel.Writer.TryWrite(envelope))
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

    private void OnEnqueued()
    {
        ActorMetrics.Enqueued();
        TrySchedule(forUserMessage: true);
    }

    private void PostSlow(in Envelope envelope, Channel<Envelope> channel)
    {
        if (IsClosed || !_settings.IsBounded)
        {
            // An unbounded write only fails once the channel is completed, i.e. the actor has terminated.
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
                var wait = channel.Writer.WaitToWriteAsync(timeout.Token);
                var open = wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
                if (!open)
                {
                    DeadLetterTerminated(envelope);
                    return;
                }

                if (channel.Writer.TryWrite(envelope))
                {
                    OnEnqueued();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Reject(envelope, notifySender: true);
        }
    }

    private async ValueTask PostSlowAsync(Envelope envelope, Channel<Envelope> channel, CancellationToken cancellationToken)
    {
        if (IsClosed || !_settings.IsBounded)
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
            await channel.Writer.WriteAsync(envelope, timeout.Token).ConfigureAwait(false);
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

        OnEnqueued();
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

    private Channel<Envelope> EnsureChannel()
    {
        var created = _settings.IsBounded
            ? Channel.CreateBounded<Envelope>(
                new BoundedChannelOptions(_settings.Capacity)
                {
                    SingleReader = true,
                    AllowSynchronousContinuations = false,
                    FullMode = _settings.Overflow == OverflowPolicy.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
                },
                _settings.Overflow == OverflowPolicy.DropOldest ? OnDroppedOldest : null)
            : Channel.CreateUnbounded<Envelope>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

        return Interlocked.CompareExchange(ref _channel, created, null) ?? created;
    }

    private static Channel<Envelope> CreateClosedChannel()
    {
        var channel = Channel.CreateUnbounded<Envelope>();
        channel.Writer.Complete();
        return channel;
    }
}
