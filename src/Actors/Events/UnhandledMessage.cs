namespace Actors.Events;

/// <summary>A message that reached an actor whose current behaviour did not handle it.</summary>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);
