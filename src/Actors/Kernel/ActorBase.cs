using Actors.Events;
using Actors.Supervision;
using Microsoft.Extensions.Logging;

namespace Actors;

/// <summary>
/// The base of every actor. Override <see cref="Receive(object)"/> (or derive from <see cref="ReceiveActor"/>) and the
/// lifecycle hooks. An actor is created by the runtime through <see cref="Props"/>, never with <c>new</c> directly,
/// and its code runs on one thread at a time, so its fields need no locks.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;
    private Receive? _behavior;
    private Stack<Receive>? _behaviorStack;
    private Stash? _stash;

    /// <summary>Binds the instance to the cell that is creating it.</summary>
    protected ActorBase()
    {
        _cell = ActorCell.Constructing
            ?? throw new InvalidOperationException(
                $"{GetType().Name} must be created by the runtime: use ActorOf(Props.Create(() => new {GetType().Name}(...))), not 'new'.");
        ActorCell.Constructing = null;
    }

    /// <summary>The actor's context: self, sender, children, watch, receive timeout.</summary>
    protected IActorContext Context => _cell;

    /// <summary>This actor's ref.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the current message (the dead-letters ref when there was none).</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>A logger named after the actor's class.</summary>
    protected ILogger Log => _cell.Log;

    /// <summary>The actor's stash.</summary>
    protected IStash Stash => _stash ??= new Stash(_cell);

    internal Stash? StashIfCreated => _stash;

    internal ActorCell Cell => _cell;

    /// <summary>The default behaviour: handle <paramref name="message"/> and return whether it was handled.</summary>
    protected abstract bool Receive(object message);

    /// <summary>Replaces the current behaviour with <paramref name="behavior"/> (Akka's <c>Become</c>).</summary>
    protected void Become(Receive behavior)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        if (_behaviorStack is { Count: > 0 })
        {
            _behaviorStack.Pop();
        }

        _behavior = behavior;
        (_behaviorStack ??= new Stack<Receive>()).Push(behavior);
    }

    /// <summary>Pushes <paramref name="behavior"/> on top of the current one; <see cref="UnbecomeStacked"/> returns to it.</summary>
    protected void BecomeStacked(Receive behavior)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        (_behaviorStack ??= new Stack<Receive>()).Push(behavior);
        _behavior = behavior;
    }

    /// <summary>Returns to the behaviour below the current one (the default <see cref="Receive(object)"/> at the bottom).</summary>
    protected void UnbecomeStacked()
    {
        if (_behaviorStack is { Count: > 0 })
        {
            _behaviorStack.Pop();
        }

        _behavior = _behaviorStack is { Count: > 0 } ? _behaviorStack.Peek() : null;
    }

    /// <summary>Called once before the first message.</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Called once after the actor has stopped; its children have stopped before.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>Called on the failed instance before a restart. The default stops all children and calls <see cref="PostStop"/>.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in _cell.Children)
        {
            _cell.Stop(child);
        }

        PostStop();
    }

    /// <summary>Called on the new instance after a restart. The default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>The strategy that supervises this actor's children. The default restarts them (see <see cref="SupervisorStrategy.Default"/>).</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Supervision.SupervisorStrategy.Default;

    /// <summary>
    /// Called for a message no behaviour handled. The default fails with <see cref="DeathPactException"/> for an
    /// unhandled <see cref="Terminated"/>, and publishes an <see cref="UnhandledMessage"/> for anything else.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef);
        }

        _cell.System.EventStream.Publish(new UnhandledMessage(message, _cell.CurrentEnvelope.Sender, Self));
    }

    /// <summary>Runs once the constructor has finished; lets a base class seal what the constructor configured.</summary>
    internal virtual void OnConstructed()
    {
    }

    // The runtime calls the protected hooks through these, so that subclasses override them as plain 'protected'.
    internal void CallPreStart() => PreStart();

    internal void CallPostStop() => AroundPostStop();

    /// <summary>Lets a base class (the persistent actor) do its part of stopping around the user's <see cref="PostStop"/>.</summary>
    internal virtual void AroundPostStop() => PostStop();

    internal void CallPreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void CallPostRestart(Exception reason) => PostRestart(reason);

    internal SupervisorStrategy CallSupervisorStrategy() => SupervisorStrategy();

    internal virtual void InvokeReceive(object message)
    {
        var handled = _behavior is null ? Receive(message) : _behavior(message);
        if (!handled)
        {
            Unhandled(message);
        }
    }
}
