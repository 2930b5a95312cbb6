namespace Actors;

/// <summary>
/// Delivered exactly once to an actor that watches <see cref="ActorRef"/> when that actor has stopped
/// (immediately if it was already dead when watched). An actor that receives it without handling it fails
/// with <see cref="DeathPactException"/>, as in Akka.
/// </summary>
public sealed record Terminated(IActorRef ActorRef)
{
    // Set on the instances the runtime delivers, so that an Unwatch can cancel one already queued without
    // touching a Terminated that a user sent as an ordinary message. Not part of equality.
    internal bool IsNotification { get; init; }

    /// <summary>Equal when about the same actor.</summary>
    public bool Equals(Terminated? other) => other is not null && ActorRef.Equals(other.ActorRef);

    /// <inheritdoc />
    public override int GetHashCode() => ActorRef.GetHashCode();
}
