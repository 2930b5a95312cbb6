using Actors.Events;

namespace Actors;

/// <summary>
/// A message that wants to know when it will never be processed — refused by a full mailbox, evicted by
/// <c>drop-oldest</c>, or still queued when its recipient terminated — so that what it holds (a flow-control credit,
/// a pooled buffer's place) can be given back. A plain <c>Tell</c> has nobody to tell otherwise. The runtime calls
/// <see cref="OnUndelivered"/> once, before the message is published as a <see cref="DeadLetter"/>, possibly on a
/// sender's thread: keep it short, and do not throw. Subscribers to dead letters may still read the message afterwards.
/// </summary>
public interface INotifyUndelivered
{
    /// <summary>The message will not be processed, for <paramref name="reason"/>.</summary>
    void OnUndelivered(DeadLetterReason reason, UndeliveredMessageException failure);
}
