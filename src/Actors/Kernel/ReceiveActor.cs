namespace Actors;

/// <summary>
/// An actor whose behaviour is a list of typed handlers registered in its constructor (or in <see cref="Become(Action)"/>):
/// the first handler whose type (and predicate) matches a message handles it.
/// <code>
/// public sealed class Counter : ReceiveActor
/// {
///     private int _count;
///     public Counter()
///     {
///         Receive&lt;Increment&gt;(_ => _count++);
///         Receive&lt;Get&gt;(_ => Sender.Tell(_count, Self));
///         ReceiveAsync&lt;Save&gt;(async save => await _store.SaveAsync(_count));
///     }
/// }
/// </code>
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private readonly HandlerList _initial = new();
    private HandlerList? _configuring;

    /// <summary>Starts registering the initial behaviour.</summary>
    protected ReceiveActor()
    {
        _configuring = _initial;
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> (that satisfy <paramref name="shouldHandle"/>, if given).</summary>
    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Configuring().Add(new SyncHandler<T>(handler, shouldHandle));
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> that satisfy <paramref name="shouldHandle"/>.</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(shouldHandle);
        Receive(handler, shouldHandle);
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> that satisfy <paramref name="shouldHandle"/>, asynchronously.</summary>
    protected void ReceiveAsync<T>(Predicate<T> shouldHandle, Func<T, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(shouldHandle);
        ReceiveAsync(handler, shouldHandle);
    }

    /// <summary>
    /// Handles messages of type <typeparamref name="T"/> asynchronously. The actor processes no other user message until
    /// the returned task completes, so order is preserved; after an <c>await</c> the handler still runs inside the actor.
    /// A faulted task is a failure of this message, handled by the supervisor.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Configuring().Add(new AsyncHandler<T>(this, handler, shouldHandle));
    }

    /// <summary>Handles any message not handled by an earlier handler.</summary>
    protected void ReceiveAny(Action<object> handler) => Receive(handler);

    /// <summary>Handles any message not handled by an earlier handler, asynchronously.</summary>
    protected void ReceiveAnyAsync(Func<object, Task> handler) => ReceiveAsync(handler);

    /// <summary>Replaces the behaviour with the handlers that <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Become(Build(configure));

    /// <summary>Pushes the handlers that <paramref name="configure"/> registers; <c>UnbecomeStacked</c> returns.</summary>
    protected void BecomeStacked(Action configure) => BecomeStacked(Build(configure));

    /// <inheritdoc />
    protected sealed override bool Receive(object message) => _initial.Handle(message);

    internal override void OnConstructed() => _configuring = null;

    private Receive Build(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var previous = _configuring;
        var list = new HandlerList();
        _configuring = list;
        try
        {
            configure();
        }
        finally
        {
            _configuring = previous;
        }

        return list.Handle;
    }

    private HandlerList Configuring() =>
        _configuring ?? throw new InvalidOperationException(
            "Handlers can only be registered in the actor's constructor or inside Become(() => …)/BecomeStacked(() => …).");

    private sealed class HandlerList
    {
        private Handler[] _handlers = [];

        public void Add(Handler handler) => _handlers = [.. _handlers, handler];

        public bool Handle(object message)
        {
            foreach (var handler in _handlers)
            {
                if (handler.TryHandle(message))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private abstract class Handler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class SyncHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
            {
                handler(typed);
                return true;
            }

            return false;
        }
    }

    private sealed class AsyncHandler<T>(ReceiveActor actor, Func<T, Task> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
            {
                actor.Cell.RunAsyncHandler(handler, typed);
                return true;
            }

            return false;
        }
    }
}
