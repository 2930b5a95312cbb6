namespace Actors;

/// <summary>Conventional replies that say whether a request succeeded, as in Akka's <c>Status</c>.</summary>
public static class Status
{
    /// <summary>A successful reply carrying an optional result.</summary>
    public sealed record Success(object? Result);

    /// <summary>
    /// A failed reply. An <c>Ask</c> that receives it faults with <see cref="Cause"/>; the runtime also sends it to
    /// the sender of a message that a bounded mailbox rejected.
    /// </summary>
    public sealed record Failure(Exception Cause);
}
