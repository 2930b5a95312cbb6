namespace Actors;

/// <summary>
/// The failure raised inside an actor that watched <see cref="DeadActor"/> and did not handle its
/// <see cref="Terminated"/> message.
/// </summary>
public sealed class DeathPactException(IActorRef deadActor)
    : Exception($"Watched actor {deadActor.Path} terminated and the watcher did not handle the Terminated message.")
{
    /// <summary>The watched actor that terminated.</summary>
    public IActorRef DeadActor { get; } = deadActor;
}
