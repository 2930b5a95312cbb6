namespace Actors;

/// <summary>
/// Messages the runtime sends to an actor about its life (create, stop, restart, watch, failure), as opposed to
/// user messages. They travel on their own never-bounded queue and are processed before any user message.
/// Each instance is enqueued once: <see cref="Next"/> links it into the mailbox's lock-free list.
/// </summary>
internal abstract class SystemMessage
{
    internal SystemMessage? Next;
}

/// <summary>Instantiate the actor and run <c>PreStart</c>.</summary>
internal sealed class Create : SystemMessage;

/// <summary>Stop the actor: stop its children, wait for them, run <c>PostStop</c>, notify parent and watchers.</summary>
internal sealed class Terminate : SystemMessage;

/// <summary>The supervisor decided to restart the actor after <see cref="Cause"/>.</summary>
internal sealed class Recreate(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

/// <summary>The supervisor decided to resume the actor after a failure.</summary>
internal sealed class Resume : SystemMessage;

/// <summary>A child failed and is suspended until this actor's supervisor strategy decides.</summary>
internal sealed class Failed(LocalActorRef child, Exception cause) : SystemMessage
{
    public LocalActorRef Child { get; } = child;

    public Exception Cause { get; } = cause;
}

/// <summary><see cref="Watcher"/> wants a <see cref="Terminated"/> when the receiving actor stops.</summary>
internal sealed class Watch(InternalActorRef watchee, InternalActorRef watcher) : SystemMessage
{
    public InternalActorRef Watchee { get; } = watchee;

    public InternalActorRef Watcher { get; } = watcher;
}

/// <summary><see cref="Watcher"/> no longer wants to hear about the receiving actor.</summary>
internal sealed class Unwatch(InternalActorRef watchee, InternalActorRef watcher) : SystemMessage
{
    public InternalActorRef Watchee { get; } = watchee;

    public InternalActorRef Watcher { get; } = watcher;
}

/// <summary>An actor this one watches (or a child) has terminated.</summary>
internal sealed class DeathWatchNotification(InternalActorRef actor, bool isChild) : SystemMessage
{
    public InternalActorRef Actor { get; } = actor;

    public bool IsChild { get; } = isChild;
}

/// <summary>A continuation of an async handler, posted back so that it runs inside the actor.</summary>
internal sealed class AsyncContinuation(SendOrPostCallback callback, object? state) : SystemMessage
{
    public SendOrPostCallback Callback { get; } = callback;

    public object? State { get; } = state;
}

/// <summary>The task of an async handler has completed: resume user messages, or fail with its exception.</summary>
internal sealed class AsyncCompleted(LocalActorRef target, Task task, Envelope envelope) : SystemMessage
{
    public LocalActorRef Target { get; } = target;

    public Task Task { get; } = task;

    public Envelope Envelope { get; } = envelope;
}

/// <summary>The receive-timeout timer fired: check whether the actor has really been idle that long.</summary>
internal sealed class CheckReceiveTimeout : SystemMessage;
