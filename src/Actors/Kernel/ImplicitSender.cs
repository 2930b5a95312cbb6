namespace Actors;

/// <summary>
/// The sender that <c>Tell(message)</c> uses outside any actor, for the current async flow. The TestKit sets it to
/// its <c>TestActor</c>, so that replies to messages sent from a test reach the test, as in Akka.
/// </summary>
public static class ImplicitSender
{
    private static readonly AsyncLocal<IActorRef?> Current = new();

    /// <summary>The implicit sender of this async flow, if any.</summary>
    public static IActorRef? Value => Current.Value;

    /// <summary>Makes <paramref name="sender"/> the implicit sender of this async flow until the result is disposed.</summary>
    public static IDisposable Use(IActorRef? sender)
    {
        var previous = Current.Value;
        Current.Value = sender;
        return new Restore(previous);
    }

    private sealed class Restore(IActorRef? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
