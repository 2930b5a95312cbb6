namespace Actors.Dispatch;

/// <summary>How a dispatcher shares the thread pool between actors (<c>actors.dispatchers.{id}</c>).</summary>
public sealed record DispatcherSettings
{
    /// <summary>The id of the default dispatcher.</summary>
    public const string DefaultId = "default-dispatcher";

    /// <summary>
    /// The most messages an actor processes in one turn before it yields its thread to other actors (<c>throughput</c>).
    /// </summary>
    public int Throughput { get; init; } = 30;

    /// <summary>
    /// The longest an actor may keep its thread in one turn, measured from the start of the turn; the turn ends after
    /// the message that crosses it. <see langword="null"/> or zero disables the deadline (<c>throughput-deadline-time</c>).
    /// </summary>
    public TimeSpan? ThroughputDeadline { get; init; }

    /// <summary>Throws a clear error if the settings are out of range; returns them otherwise.</summary>
    public DispatcherSettings Validate(string id)
    {
        if (Throughput < 1)
        {
            throw new ArgumentException($"Dispatcher '{id}': throughput must be at least 1, but was {Throughput}.");
        }

        if (ThroughputDeadline < TimeSpan.Zero)
        {
            throw new ArgumentException($"Dispatcher '{id}': throughput-deadline-time must not be negative, but was {ThroughputDeadline}.");
        }

        return this;
    }
}
