using System.Collections.Immutable;

namespace Actors.Events;

/// <summary>
/// The system-wide publish/subscribe bus: dead letters, unhandled messages, failures and anything a user publishes.
/// Subscriptions are by type (a subscriber to <see cref="object"/> sees everything). Publishing is lock-free: the
/// subscriber list is an immutable array swapped on change, which happens rarely.
/// </summary>
public sealed class EventStream
{
    private ImmutableArray<Subscription> _subscriptions = ImmutableArray<Subscription>.Empty;

    /// <summary>Subscribes <paramref name="subscriber"/> to events assignable to <typeparamref name="T"/>.</summary>
    public void Subscribe<T>(IActorRef subscriber) => Add(new Subscription(typeof(T), subscriber, null));

    /// <summary>
    /// Subscribes a callback to events assignable to <typeparamref name="T"/>. It runs on the publishing thread and must
    /// be quick and must not throw; dispose the result to unsubscribe.
    /// </summary>
    public IDisposable Subscribe<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(typeof(T), null, evt => handler((T)evt));
        Add(subscription);
        return new Unsubscriber(this, subscription);
    }

    /// <summary>Removes every subscription of <paramref name="subscriber"/> to <typeparamref name="T"/>.</summary>
    public void Unsubscribe<T>(IActorRef subscriber) =>
        RemoveWhere(s => s.Type == typeof(T) && Equals(s.Actor, subscriber));

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    public void Unsubscribe(IActorRef subscriber) => RemoveWhere(s => Equals(s.Actor, subscriber));

    /// <summary>Delivers <paramref name="evt"/> to every subscriber whose type it is assignable to.</summary>
    public void Publish(object evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var type = evt.GetType();
        foreach (var subscription in _subscriptions)
        {
            if (!subscription.Type.IsAssignableFrom(type))
            {
                continue;
            }

            if (subscription.Actor is { } actor)
            {
                if (actor is InternalActorRef { IsTerminated: true })
                {
                    // A dead subscriber is dropped rather than fed events that would only become dead letters.
                    Unsubscribe(actor);
                    continue;
                }

                actor.Tell(evt, null);
            }
            else
            {
                subscription.Callback!(evt);
            }
        }
    }

    private void Add(Subscription subscription) =>
        ImmutableInterlocked.Update(ref _subscriptions, static (list, s) => list.Add(s), subscription);

    private void RemoveWhere(Func<Subscription, bool> predicate) =>
        ImmutableInterlocked.Update(ref _subscriptions, static (list, p) => list.RemoveAll(s => p(s)), predicate);

    private sealed record Subscription(Type Type, IActorRef? Actor, Action<object>? Callback);

    private sealed class Unsubscriber(EventStream stream, Subscription subscription) : IDisposable
    {
        public void Dispose() => stream.RemoveWhere(s => ReferenceEquals(s, subscription));
    }
}
