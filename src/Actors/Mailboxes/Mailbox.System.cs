namespace Actors.Mailboxes;

/// <summary>
/// The system-message queue: a lock-free LIFO list (a Treiber stack) that the turn takes whole and reverses. It is
/// never bounded, costs one field per actor, and once closed refuses further messages atomically with the close.
/// </summary>
internal sealed partial class Mailbox
{
    // Marks a closed system queue; never processed.
    private static readonly SystemMessage ClosedMarker = new Terminate();

    /// <summary>Enqueues a system message; <see langword="false"/> when the mailbox has closed.</summary>
    public bool PostSystem(SystemMessage message)
    {
        while (true)
        {
            var head = Volatile.Read(ref _systemHead);
            if (ReferenceEquals(head, ClosedMarker))
            {
                return false;
            }

            message.Next = head;
            if (ReferenceEquals(Interlocked.CompareExchange(ref _systemHead, message, head), head))
            {
                TrySchedule(forUserMessage: false);
                return true;
            }
        }
    }

    private void ProcessSystemMessages()
    {
        while (true)
        {
            var head = Volatile.Read(ref _systemHead);
            if (head is null || ReferenceEquals(head, ClosedMarker))
            {
                return;
            }

            if (!ReferenceEquals(Interlocked.CompareExchange(ref _systemHead, null, head), head))
            {
                continue;
            }

            var message = ReverseToFifo(head);
            while (message is not null)
            {
                var next = message.Next;
                message.Next = null;
                if (IsClosed)
                {
                    _invoker.OnSystemMessageAfterClose(message);
                }
                else
                {
                    _invoker.InvokeSystem(message);
                }

                message = next;
            }
        }
    }

    private static SystemMessage? ReverseToFifo(SystemMessage? head)
    {
        if (ReferenceEquals(head, ClosedMarker))
        {
            return null;
        }

        SystemMessage? reversed = null;
        while (head is not null)
        {
            var next = head.Next;
            head.Next = reversed;
            reversed = head;
            head = next;
        }

        return reversed;
    }
}
