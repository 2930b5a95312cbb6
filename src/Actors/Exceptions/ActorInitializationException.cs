namespace Actors;

/// <summary>
/// Raised when an actor's constructor or <c>PreStart</c> throws. The default supervisor decider stops such an actor
/// rather than restarting it into the same failure.
/// </summary>
public sealed class ActorInitializationException(ActorPath path, Exception cause)
    : Exception($"Actor {path} failed to initialise: {cause.Message}", cause)
{
    /// <summary>The path of the actor that could not start.</summary>
    public ActorPath Path { get; } = path;
}
