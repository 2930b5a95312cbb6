namespace Actors.Store.Linearizability;

/// <summary>
/// One operation of a concurrent history: what a client asked for, what it was told, and the
/// interval of time during which the operation may have taken effect.
/// </summary>
/// <remarks>
/// Times are opaque ticks that only need to be comparable within one history (a recorder uses
/// <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>; a log parser uses line numbers).
/// Two operations are ordered only if one returned strictly before the other was called;
/// equal times count as overlapping, so a coarse clock can hide a violation but never invent one.
/// An operation whose outcome is unknown (the client timed out or crashed: Jepsen's <c>:info</c>)
/// has <see cref="ReturnTime"/> = <see cref="Operation.UnknownReturnTime"/>: it may have taken effect
/// at any time after its call, or never, and its <see cref="Output"/> is ignored.
/// </remarks>
/// <param name="ClientId">Who issued the operation; used only to describe the history.</param>
/// <param name="Input">The request, in the model's terms.</param>
/// <param name="CallTime">When the request was sent.</param>
/// <param name="Output">The response, in the model's terms; ignored when the outcome is unknown.</param>
/// <param name="ReturnTime">When the response arrived, or <see cref="Operation.UnknownReturnTime"/>.</param>
public sealed record Operation<TInput, TOutput>(int ClientId, TInput Input, long CallTime, TOutput? Output, long ReturnTime)
{
    /// <summary>Whether a response was observed, so that the model must explain <see cref="Output"/>.</summary>
    public bool IsOutcomeKnown => ReturnTime != Operation.UnknownReturnTime;
}

/// <summary>Factories and constants for <see cref="Operation{TInput, TOutput}"/>.</summary>
public static class Operation
{
    /// <summary>
    /// The return time of an operation whose outcome is unknown: it stays open until the end of the
    /// history and beyond, so that it can be linearized after everything else (which is the same as never).
    /// </summary>
    public const long UnknownReturnTime = long.MaxValue;

    /// <summary>An operation that returned <paramref name="output"/> at <paramref name="returnTime"/>.</summary>
    public static Operation<TInput, TOutput> Completed<TInput, TOutput>(
        int clientId, TInput input, long callTime, TOutput output, long returnTime)
    {
        if (returnTime == UnknownReturnTime)
        {
            throw new ArgumentOutOfRangeException(nameof(returnTime), "Use Operation.Unknown for an operation without a response.");
        }

        return new Operation<TInput, TOutput>(clientId, input, callTime, output, returnTime);
    }

    /// <summary>An operation called at <paramref name="callTime"/> whose response was never observed.</summary>
    public static Operation<TInput, TOutput> Unknown<TInput, TOutput>(int clientId, TInput input, long callTime) =>
        new(clientId, input, callTime, default, UnknownReturnTime);
}
