using System.Collections.Concurrent;

namespace Actors.Mailboxes;

/// <summary>
/// The default mailbox queue, directly on <see cref="ConcurrentQueue{T}"/>: a write is one lock-free enqueue. (The
/// single-reader unbounded <c>Channel</c> wraps the same queue in a lock on every write, and its async-reader
/// machinery is of no use here because the dispatcher, not a reader task, drives the mailbox; measured in the Tell
/// benchmarks.) The queue is multi-consumer safe, which is what lets a writer that raced a close drain it.
/// </summary>
internal sealed class UnboundedMessageQueue : MessageQueue
{
    private readonly ConcurrentQueue<Envelope> _items = new();
    private volatile bool _closed;

    public override bool HasMessages => !_items.IsEmpty;

    public override int Count => _items.Count;

    public override bool TryEnqueue(in Envelope envelope)
    {
        if (_closed)
        {
            return false;
        }

        _items.Enqueue(envelope);
        return true;
    }

    public override bool TryDequeue(out Envelope envelope) => _items.TryDequeue(out envelope);

    public override void Close() => _closed = true;
}
