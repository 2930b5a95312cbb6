namespace Actors;

/// <summary>The runtime's side of every ref it hands out: it can also receive system messages.</summary>
internal abstract class InternalActorRef : IActorRef
{
    public abstract ActorPath Path { get; }

    public abstract ActorSystem System { get; }

    /// <summary><see langword="true"/> once the actor behind this ref can no longer process messages.</summary>
    public abstract bool IsTerminated { get; }

    public abstract void Tell(object message, IActorRef? sender);

    public virtual ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Tell(message, sender);
        return default;
    }

    public abstract void SendSystemMessage(SystemMessage message);

    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => global::System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    public override string ToString() => Path.ToString();
}
