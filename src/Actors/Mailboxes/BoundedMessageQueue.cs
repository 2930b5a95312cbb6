using System.Threading.Channels;

namespace Actors.Mailboxes;

/// <summary>
/// A bounded mailbox queue on a bounded <see cref="Channel{T}"/>, which provides what the overflow policies need: writers
/// that wait asynchronously for room (<c>backpressure</c>), a refusing write (<c>reject</c>), and eviction of the oldest
/// item with a callback that lets the mailbox answer it (<c>drop-oldest</c>).
/// </summary>
internal sealed class BoundedMessageQueue : MessageQueue
{
    private readonly Channel<Envelope> _channel;

    public BoundedMessageQueue(MailboxSettings settings, Action<Envelope>? onDroppedOldest)
    {
        var dropOldest = settings.Overflow == OverflowPolicy.DropOldest;
        _channel = Channel.CreateBounded(
            new BoundedChannelOptions(settings.Capacity)
            {
                SingleReader = true,
                AllowSynchronousContinuations = false,
                FullMode = dropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
            },
            dropOldest ? onDroppedOldest : null);
    }

    public override bool HasMessages => _channel.Reader.TryPeek(out _);

    public override int Count => _channel.Reader.Count;

    public override bool TryEnqueue(in Envelope envelope) => _channel.Writer.TryWrite(envelope);

    public override bool TryDequeue(out Envelope envelope) => _channel.Reader.TryRead(out envelope);

    public override void Close() => _channel.Writer.TryComplete();

    /// <summary>Waits for room; <see langword="false"/> once the queue is closed.</summary>
    public ValueTask<bool> WaitToEnqueueAsync(CancellationToken cancellationToken) => _channel.Writer.WaitToWriteAsync(cancellationToken);

    /// <summary>Enqueues, waiting for room; throws <see cref="ChannelClosedException"/> once closed.</summary>
    public ValueTask EnqueueAsync(Envelope envelope, CancellationToken cancellationToken) => _channel.Writer.WriteAsync(envelope, cancellationToken);
}
