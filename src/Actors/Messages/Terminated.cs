namespace Actors;

/// <summary>
/// Delivered exactly once to an actor that watches <see cref="ActorRef"/> when that actor has stopped
/// (immediately if it was already dead when watched). An actor that receives it without handling it fails
/// with <see cref="DeathPactException"/>, as in Akka.
/// </summary>
public sealed record Terminated(IActorRef ActorRef);
