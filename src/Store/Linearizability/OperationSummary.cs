namespace Actors.Store.Linearizability;

/// <summary>An operation as a report shows it.</summary>
/// <param name="HistoryIndex">Its index in the history that was checked.</param>
/// <param name="ClientId">Who issued it.</param>
/// <param name="CallTime">When it was called.</param>
/// <param name="ReturnTime">When it returned, or <see cref="Operation.UnknownReturnTime"/>.</param>
/// <param name="Description">The model's description of its input and output.</param>
public sealed record OperationSummary(int HistoryIndex, int ClientId, long CallTime, long ReturnTime, string Description)
{
    /// <summary>Formats the operation with its times relative to <paramref name="origin"/>.</summary>
    public string Format(long origin)
    {
        var returned = ReturnTime == Operation.UnknownReturnTime ? "?" : (ReturnTime - origin).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"#{HistoryIndex} client {ClientId} [{CallTime - origin}..{returned}] {Description}";
    }

    public override string ToString() => Format(0);
}

/// <summary>An operation of a linearization, with the state of the model after it.</summary>
public sealed record LinearizedStep(OperationSummary Operation, string StateAfter);

/// <summary>An operation that could have come next but did not, and why.</summary>
public sealed record RejectedCandidate(OperationSummary Operation, string Reason);
