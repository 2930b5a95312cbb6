namespace Actors.Events;

/// <summary>Published when an actor throws while processing a message, before its supervisor decides.</summary>
public sealed record ActorFailed(IActorRef Actor, Exception Cause, object? Message);
