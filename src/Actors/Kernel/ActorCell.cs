using Actors.Dispatch;
using Actors.Events;
using Actors.Mailboxes;
using Microsoft.Extensions.Logging;

namespace Actors;

/// <summary>
/// The runtime state of one actor: its instance, mailbox, children, watchers and lifecycle. It is the
/// <see cref="IActorContext"/> the actor sees and the <see cref="IMessageInvoker"/> its mailbox runs. All of its
/// methods run on the actor's turn (one thread at a time) unless stated otherwise.
/// </summary>
/// <remarks>The cell is split by responsibility: lifecycle, children, supervision, death watch, async handlers, receive timeout.</remarks>
internal sealed partial class ActorCell : IActorContext, IMessageInvoker
{
    [ThreadStatic]
    private static ActorCell? t_current;

    [ThreadStatic]
    private static ActorCell? t_constructing;

    private readonly LocalActorRef _self;
    private readonly InternalActorRef? _parent;
    private ActorBase? _actor;
    private Envelope _current;
    private CellState _state;
    private CellFlags _flags;

    // Rarely used state lives in one lazily created object, so that an idle actor stays small.
    private CellExtras? _extras;

    public ActorCell(ActorSystem system, ActorPath path, InternalActorRef? parent, Props props, MailboxSettings mailbox, Dispatcher dispatcher)
    {
        System = system;
        Path = path;
        _parent = parent;
        Props = props;
        Mailbox = new Mailbox(this, mailbox, dispatcher);
        _self = new LocalActorRef(this); // after the mailbox, which the ref keeps
    }

    [Flags]
    private enum CellFlags
    {
        None = 0,
        Failed = 1,
        AsyncPending = 2,
    }

    private enum CellState
    {
        Created,
        Running,
        Terminating,
        Terminated,
    }

    /// <summary>The cell whose turn is running on this thread, if any: the implicit sender of <c>Tell(message)</c>.</summary>
    public static ActorCell? Current => t_current;

    /// <summary>The cell whose actor is being constructed on this thread; <see cref="ActorBase"/> binds to it.</summary>
    public static ActorCell? Constructing
    {
        get => t_constructing;
        set => t_constructing = value;
    }

    public ActorSystem System { get; }

    public ActorPath Path { get; }

    public Props Props { get; }

    public Mailbox Mailbox { get; }

    public LocalActorRef SelfRef => _self;

    InternalActorRef IMessageInvoker.Self => _self;

    public IActorRef Self => _self;

    public IActorRef Sender => _current.Sender ?? System.DeadLetters;

    public IActorRef Parent => _parent ?? (IActorRef)_self;

    public ILogger Log => System.LoggerFor(Props.ActorType);

    public Envelope CurrentEnvelope => _current;

    public int MailboxDepth => Mailbox.Count;

    public bool IsTerminated => _state == CellState.Terminated;

    // Created at most once even when a foreign thread (ActorOf on a guardian, WhenTerminated) races the turn.
    private CellExtras Extras => _extras ?? Interlocked.CompareExchange(ref _extras, new CellExtras(), null) ?? _extras;

    public void OnTurnStarted() => t_current = this;

    public void OnTurnEnded() => t_current = null;

    public void Invoke(in Envelope envelope)
    {
        _current = envelope;
        try
        {
            var message = envelope.Message;
            if (message is PoisonPill)
            {
                BeginTerminate();
            }
            else if (message is Kill)
            {
                throw new ActorKilledException($"{Path} received Kill.");
            }
            else if (message is not Terminated terminated || !IsCancelledNotification(terminated))
            {
                _actor!.InvokeReceive(message);
            }

            if (_extras?.ReceiveTimeout is { Timeout: not null } receiveTimeout && message is not INotInfluenceReceiveTimeout)
            {
                receiveTimeout.LastActivity = System.TimeProvider.GetTimestamp();
            }
        }
        catch (Exception exception)
        {
            HandleFailure(exception, envelope);
        }
        finally
        {
            if ((_flags & CellFlags.AsyncPending) == 0)
            {
                _current = default;
            }
        }
    }

    public void InvokeSystem(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case Create:
                    HandleCreate();
                    break;
                case Terminate:
                    BeginTerminate();
                    break;
                case Recreate recreate:
                    HandleRecreate(recreate.Cause);
                    break;
                case Resume:
                    HandleResume();
                    break;
                case Failed failed:
                    HandleChildFailed(failed);
                    break;
                case Watch watch:
                    HandleWatch(watch);
                    break;
                case Unwatch unwatch:
                    HandleUnwatch(unwatch);
                    break;
                case DeathWatchNotification notification:
                    HandleDeathWatchNotification(notification);
                    break;
                case AsyncContinuation continuation:
                    RunContinuation(continuation);
                    break;
                case AsyncCompleted completed:
                    HandleAsyncCompleted(completed);
                    break;
                case CheckReceiveTimeout:
                    HandleCheckReceiveTimeout();
                    break;
            }
        }
        catch (Exception exception)
        {
            // Only user code can throw here (a decider, a hook); treat it as this actor's failure.
            ReportFailure(exception);
        }
    }

    public void OnUndeliverable(in Envelope envelope, DeadLetterReason reason, UndeliveredMessageException failure, bool notifySender) =>
        System.DeadLetterOffice.Undeliverable(envelope, _self, reason, failure, notifySender);

    public void OnSystemMessageAfterClose(SystemMessage message)
    {
        switch (message)
        {
            case Watch watch when !ReferenceEquals(watch.Watcher, _self):
                // Watching an actor that has already terminated delivers Terminated at once.
                watch.Watcher.SendSystemMessage(new DeathWatchNotification(_self, isChild: false));
                break;
            case AsyncContinuation continuation:
                // The actor is gone; let the async method run to completion outside it rather than hang forever.
                ThreadPool.UnsafeQueueUserWorkItem(static c => c.Callback(c.State), continuation, preferLocal: false);
                break;
        }
    }

    public void OnMailboxCrashed(Exception exception) =>
        System.RuntimeLog.LogCritical(exception, "Runtime error while running the mailbox of {Path}; the actor keeps running.", Path);

    /// <summary>Completes when this actor has terminated. Safe from any thread.</summary>
    public Task WhenTerminated()
    {
        lock (this)
        {
            if (_state == CellState.Terminated)
            {
                return Task.CompletedTask;
            }

            return (Extras.Terminated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    private sealed class CellExtras
    {
        public Dictionary<string, LocalActorRef>? Children;
        public long NextChildNameId;
        public HashSet<InternalActorRef>? Watchers;
        public HashSet<InternalActorRef>? Watching;
        public Dictionary<InternalActorRef, Terminated>? QueuedTerminated;
        public HashSet<Terminated>? CancelledTerminated;
        public ReceiveTimeoutState? ReceiveTimeout;
        public ActorSynchronizationContext? SyncContext;
        public Exception? PendingRecreate;
        public object? FailedMessage;
        public List<LocalActorRef>? EscalatedChildren;
        public TaskCompletionSource? Terminated;
        public Supervision.RestartStatistics? RestartStatistics;
        public bool StopRequestedByParent;
    }
}
