namespace Actors;

/// <summary>Sending with the implicit sender, as in Akka: inside an actor it is the actor itself.</summary>
public static class TellExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with the current actor as sender when called from an actor's message
    /// handling, with <see cref="ImplicitSender.Value"/> elsewhere (the TestKit's TestActor in tests), and with no
    /// sender otherwise.
    /// </summary>
    public static void Tell(this IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, ActorCell.Current?.Self ?? ImplicitSender.Value);
    }

    /// <summary>Sends <paramref name="message"/> on behalf of the sender of the message being processed.</summary>
    /// <exception cref="InvalidOperationException">Called outside an actor's message handling.</exception>
    public static void Forward(this IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        var current = ActorCell.Current
            ?? throw new InvalidOperationException("Forward can only be used while an actor processes a message; elsewhere use Tell(message, sender).");
        target.Tell(message, current.CurrentEnvelope.Sender);
    }
}
