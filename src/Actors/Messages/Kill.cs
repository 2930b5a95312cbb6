namespace Actors;

/// <summary>
/// Makes the receiving actor fail with <see cref="ActorKilledException"/>, so that its supervisor decides what
/// happens to it (the default decider stops it).
/// </summary>
public sealed class Kill
{
    private Kill()
    {
    }

    /// <summary>The single instance.</summary>
    public static Kill Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => nameof(Kill);
}
