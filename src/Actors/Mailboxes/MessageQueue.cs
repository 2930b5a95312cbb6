namespace Actors.Mailboxes;

/// <summary>
/// The user-message queue of one mailbox: many producers, one consumer (the mailbox's turn). Once closed it refuses
/// writes; whatever a racing writer still slips in is drained by <see cref="TryDequeue"/> callers after the close.
/// </summary>
internal abstract class MessageQueue
{
    /// <summary>Enqueues unless full (bounded) or closed.</summary>
    public abstract bool TryEnqueue(in Envelope envelope);

    /// <summary>Takes the oldest message, if any.</summary>
    public abstract bool TryDequeue(out Envelope envelope);

    /// <summary>Whether a message is waiting (safe from any thread).</summary>
    public abstract bool HasMessages { get; }

    /// <summary>Number of queued messages (an instantaneous reading, safe from any thread).</summary>
    public abstract int Count { get; }

    /// <summary>Refuses all later writes.</summary>
    public abstract void Close();
}
