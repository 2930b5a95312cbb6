namespace Actors;

/// <summary>
/// Stops the receiving actor once it has processed the messages enqueued before this one. Messages that arrive
/// after it become dead letters.
/// </summary>
public sealed class PoisonPill
{
    private PoisonPill()
    {
    }

    /// <summary>The single instance.</summary>
    public static PoisonPill Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => nameof(PoisonPill);
}
