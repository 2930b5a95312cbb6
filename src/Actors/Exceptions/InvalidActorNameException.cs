namespace Actors;

/// <summary>Raised by <c>ActorOf</c> for a name that is malformed or already taken under the same parent.</summary>
public sealed class InvalidActorNameException(string message) : ArgumentException(message);
