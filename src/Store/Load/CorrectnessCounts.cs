using Actors.Store.Strategies;

namespace Actors.Store.Load;

/// <summary>
/// What the lab established about a strategy's correctness: what it acknowledged, what of that is missing
/// (found by reading the contents back, never by trusting the absence of an exception), what it threw, what it
/// refused, and whether it is left broken.
/// </summary>
public sealed record CorrectnessCounts
{
    public long AcknowledgedWrites { get; init; }

    public long AcknowledgedIncrements { get; init; }

    /// <summary>Acknowledged writes whose key is missing or holds an older write.</summary>
    public long LostWrites { get; init; }

    /// <summary>Acknowledged increments missing from the counters' final values.</summary>
    public long LostIncrements { get; init; }

    public long Lost => LostWrites + LostIncrements;

    /// <summary>The sum of the counters' final values (equals <see cref="AcknowledgedIncrements"/> when nothing was lost).</summary>
    public long CounterSum { get; init; }

    /// <summary>Exceptions thrown by operations (other than rejections): the guard trips.</summary>
    public long GuardTrips { get; init; }

    /// <summary><see cref="GuardTrips"/> per exception type.</summary>
    public IReadOnlyDictionary<string, long> GuardTripsByType { get; init; } = new Dictionary<string, long>();

    /// <summary>Every exception type and message with its count.</summary>
    public IReadOnlyList<ExceptionCount> Exceptions { get; init; } = [];

    /// <summary>Operations the strategy refused by design (<see cref="OperationRejectedException"/>).</summary>
    public long Rejected { get; init; }

    /// <summary>Reads (during the run or in verification) that returned a value written to another key.</summary>
    public long MisreadValues { get; init; }

    /// <summary>Operations still running when the lab gave up waiting for them.</summary>
    public long HungOperations { get; init; }

    /// <summary>The structure check of a map that can be inspected; null when it cannot.</summary>
    public IntegrityReport? Integrity { get; init; }

    /// <summary>Why the lab judged the map corrupted, or null.</summary>
    public string? Corruption { get; init; }

    public bool Corrupted => Corruption is not null;
}
