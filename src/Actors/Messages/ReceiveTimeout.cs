namespace Actors;

/// <summary>
/// Sent to an actor that set a receive timeout (<see cref="IActorContext.SetReceiveTimeout"/>) and has received
/// no message for that long.
/// </summary>
public sealed class ReceiveTimeout : INotInfluenceReceiveTimeout
{
    private ReceiveTimeout()
    {
    }

    /// <summary>The single instance.</summary>
    public static ReceiveTimeout Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => nameof(ReceiveTimeout);
}
