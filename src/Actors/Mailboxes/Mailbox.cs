using System.Diagnostics;
using Actors.Diagnostics;
using Actors.Dispatch;

namespace Actors.Mailboxes;

/// <summary>
/// One actor's mailbox: a queue of user messages (unbounded, or a bounded <c>Channel</c> with an overflow policy),
/// a separate never-bounded list of system messages, and the scheduling state that guarantees the actor runs on at
/// most one thread at a time. The mailbox schedules itself on the thread pool when work arrives and it is idle; a
/// turn processes all system messages, then up to <c>throughput</c> user messages or until the turn's deadline.
/// </summary>
/// <remarks>
/// Status transitions are lock-free. A sender enqueues first and then tries to flip Idle→Scheduled; the turn clears
/// Scheduled and then re-checks for work. Because both sides publish before they check, no wake-up is ever lost.
/// The user-message queue is created on the first message, which keeps an idle actor small.
/// </remarks>
internal sealed partial class Mailbox : IThreadPoolWorkItem
{
    private const int ScheduledFlag = 1;
    private const int SuspendedFlag = 2;
    private const int ClosedFlag = 4;

    private readonly IMessageInvoker _invoker;
    private readonly MailboxSettings _settings;
    private readonly Dispatcher _dispatcher;

    private MessageQueue? _queue;
    private SystemMessage? _systemHead;
    private int _status;

    // Owned by the turn: messages the actor gives back to itself (unstash, a Terminated that did not fit a full
    // bounded queue). They are processed before the channel.
    private Queue<Envelope>? _ownerQueue;
    private int _suspendCount;
    private long _userTurns;
    private long _executions;

    public Mailbox(IMessageInvoker invoker, MailboxSettings settings, Dispatcher dispatcher)
    {
        _invoker = invoker;
        _settings = settings;
        _dispatcher = dispatcher;
    }

    public MailboxSettings Settings => _settings;

    public bool IsClosed => (Volatile.Read(ref _status) & ClosedFlag) != 0;

    /// <summary>Number of queued user messages (an instantaneous reading).</summary>
    public int Count
    {
        get
        {
            return (Volatile.Read(ref _queue)?.Count ?? 0) + (_ownerQueue?.Count ?? 0);
        }
    }

    /// <summary>Whether any user message is waiting.</summary>
    public bool HasUserMessages =>
        _ownerQueue is { Count: > 0 } || Volatile.Read(ref _queue) is { HasMessages: true };

    /// <summary>No turn is scheduled or running, nothing is suspended, and no user message is waiting.</summary>
    public bool IsIdle => (Volatile.Read(ref _status) & (ScheduledFlag | SuspendedFlag)) == 0 && !HasUserMessages;

    /// <summary>How many turns have processed at least one user message; lets tests observe turn boundaries.</summary>
    internal long UserTurns => Volatile.Read(ref _userTurns);

    /// <summary>How many times the pool has run this mailbox; lets tests see turns that kept their thread.</summary>
    internal long Executions => Volatile.Read(ref _executions);

    internal Dispatcher Dispatcher => _dispatcher;

    /// <summary>
    /// Runs turns until the mailbox is out of work or other work is waiting for the thread. Called by the thread
    /// pool only; never concurrently with itself.
    /// </summary>
    /// <remarks>
    /// A turn ends after <c>throughput</c> messages so that the thread can go to other waiting work. When nothing
    /// else is waiting, going round the pool's queue would hand the thread straight back, at the price of a queue
    /// operation and, often, a wasted wake-up of another worker, which with the default throughput of 30 costs
    /// more than the turn's messages; so the next turn starts at once instead, as a turn of its own (its own
    /// deadline, its own count).
    /// </remarks>
    public void Execute()
    {
        _executions++;
        _invoker.OnTurnStarted();
        try
        {
            bool turnUsedUp;
            do
            {
                ProcessSystemMessages();
                turnUsedUp = ProcessUserMessages();
            }
            while (turnUsedUp && !_dispatcher.OtherWorkWaiting());
        }
        catch (Exception exception)
        {
            _invoker.OnMailboxCrashed(exception);
        }
        finally
        {
            _invoker.OnTurnEnded();
            Interlocked.And(ref _status, ~ScheduledFlag);
            if (HasWork())
            {
                TrySchedule(forUserMessage: false);
            }
        }
    }

    /// <summary>Stops user messages from being processed until a matching <see cref="Resume"/>. Turn only.</summary>
    public void Suspend()
    {
        if (++_suspendCount == 1)
        {
            Interlocked.Or(ref _status, SuspendedFlag);
        }
    }

    /// <summary>Undoes one <see cref="Suspend"/>. Turn only; the end of the turn reschedules if work is waiting.</summary>
    public void Resume()
    {
        Debug.Assert(_suspendCount > 0, "Resume without Suspend");
        if (--_suspendCount == 0)
        {
            Interlocked.And(ref _status, ~SuspendedFlag);
        }
    }

    /// <summary>
    /// Closes the mailbox for good: later sends become dead letters, and everything still queued is handed to the
    /// invoker as undeliverable. Called from the actor's final turn.
    /// </summary>
    public void Close()
    {
        Interlocked.Or(ref _status, ClosedFlag);

        // Swap in the closed queue first, so a sender that has not created the queue yet cannot create a new one;
        // then close the old one, so a sender that already holds it fails its write and dead-letters the message.
        var queue = Interlocked.Exchange(ref _queue, ClosedQueue);
        queue?.Close();

        while (_ownerQueue is { Count: > 0 } owned)
        {
            DeadLetterTerminated(owned.Dequeue());
        }

        if (queue is not null && !ReferenceEquals(queue, ClosedQueue))
        {
            DrainClosed(queue);
        }

        var pending = ReverseToFifo(Interlocked.Exchange(ref _systemHead, ClosedMarker));
        while (pending is not null)
        {
            var next = pending.Next;
            pending.Next = null;
            _invoker.OnSystemMessageAfterClose(pending);
            pending = next;
        }
    }

    /// <summary>Runs one turn's user messages; true if it ended at its limit (throughput or deadline), not for want of work.</summary>
    private bool ProcessUserMessages()
    {
        var throughput = _dispatcher.Throughput;
        var deadlineTicks = _dispatcher.DeadlineTicks;
        var deadline = deadlineTicks == 0 ? long.MaxValue : Stopwatch.GetTimestamp() + deadlineTicks;
        var processed = 0;
        var fromQueue = 0;
        var deadlineCrossed = false;

        while (processed < throughput && (Volatile.Read(ref _status) & (SuspendedFlag | ClosedFlag)) == 0)
        {
            Envelope envelope;
            if (_ownerQueue is { Count: > 0 } owned)
            {
                envelope = owned.Dequeue();
            }
            else if (_queue is { } queue && queue.TryDequeue(out envelope))
            {
                fromQueue++;
            }
            else
            {
                break;
            }

            _invoker.Invoke(envelope);
            processed++;

            if (Volatile.Read(ref _systemHead) is not null)
            {
                ProcessSystemMessages();
            }

            if (deadline != long.MaxValue && Stopwatch.GetTimestamp() >= deadline)
            {
                deadlineCrossed = true;
                break;
            }
        }

        if (processed > 0)
        {
            _userTurns++;
            ActorMetrics.Processed(processed);
            ActorMetrics.Dequeued(fromQueue);
        }

        return processed >= throughput || deadlineCrossed;
    }

    private bool HasWork()
    {
        var status = Volatile.Read(ref _status);
        if ((status & ClosedFlag) != 0)
        {
            return false;
        }

        var head = Volatile.Read(ref _systemHead);
        if (head is not null && !ReferenceEquals(head, ClosedMarker))
        {
            return true;
        }

        if ((status & SuspendedFlag) != 0)
        {
            return false;
        }

        return HasUserMessages;
    }

    private void TrySchedule(bool forUserMessage)
    {
        var status = Volatile.Read(ref _status);
        while (true)
        {
            if ((status & (ScheduledFlag | ClosedFlag)) != 0 || (forUserMessage && (status & SuspendedFlag) != 0))
            {
                return;
            }

            var observed = Interlocked.CompareExchange(ref _status, status | ScheduledFlag, status);
            if (observed == status)
            {
                _dispatcher.Schedule(this);
                return;
            }

            status = observed;
        }
    }
}
