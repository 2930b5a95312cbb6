using System.Text;

namespace Actors.Store.Linearizability;

/// <summary>
/// Why one partition of a history is not linearizable, told from the deepest point the search reached:
/// a linearization of some of the operations, the state it leads to, an operation that had already
/// returned by then and still could not be placed, and what each operation that could have come next
/// did instead.
/// </summary>
/// <remarks>
/// The prefix is one witness among possibly many; it is the longest the search found, so it usually
/// stops right before the anomaly. The blocking operation and the candidates are the operations to
/// look at first.
/// </remarks>
public sealed class LinearizabilityViolation
{
    internal LinearizabilityViolation(
        string partitionKey,
        int operationCount,
        IReadOnlyList<LinearizedStep> longestPrefix,
        string initialState,
        OperationSummary blockingOperation,
        bool blockingOperationLeftBehind,
        IReadOnlyList<RejectedCandidate> candidates,
        long origin)
    {
        PartitionKey = partitionKey;
        OperationCount = operationCount;
        LongestPrefix = longestPrefix;
        InitialState = initialState;
        BlockingOperation = blockingOperation;
        BlockingOperationLeftBehind = blockingOperationLeftBehind;
        Candidates = candidates;
        Origin = origin;
    }

    /// <summary>The partition (for a key-value model, the key) that is not linearizable.</summary>
    public string PartitionKey { get; }

    /// <summary>How many operations the partition has.</summary>
    public int OperationCount { get; }

    /// <summary>The longest linearization of a subset of the partition's operations the search found.</summary>
    public IReadOnlyList<LinearizedStep> LongestPrefix { get; }

    /// <summary>The model's initial state, where <see cref="LongestPrefix"/> starts.</summary>
    public string InitialState { get; }

    /// <summary>The state after <see cref="LongestPrefix"/>.</summary>
    public string StateAfterPrefix => LongestPrefix.Count == 0 ? InitialState : LongestPrefix[^1].StateAfter;

    /// <summary>
    /// The operation the search could not place after <see cref="LongestPrefix"/>: it returned before any
    /// order of the pending operations could include it, or (see <see cref="BlockingOperationLeftBehind"/>)
    /// the state had already moved past every state that allows it.
    /// </summary>
    public OperationSummary BlockingOperation { get; }

    /// <summary>
    /// Whether <see cref="BlockingOperation"/> became impossible after the prefix (for a key-value store,
    /// the version it reports is already past) rather than returning before it could be placed.
    /// </summary>
    public bool BlockingOperationLeftBehind { get; }

    /// <summary>The operations that were pending after the prefix, each with the reason it could not go next.</summary>
    public IReadOnlyList<RejectedCandidate> Candidates { get; }

    /// <summary>The earliest call time in the history; reports show times relative to it.</summary>
    public long Origin { get; }

    private const int ShownPrefixSteps = 20;

    public override string ToString()
    {
        var text = new StringBuilder();
        var where = PartitionKey.Length == 0 ? "the history" : $"partition \"{PartitionKey}\"";
        text.AppendLine($"{where} ({Operations(OperationCount)}) is not linearizable.");
        text.AppendLine($"  Longest linearizable prefix found ({Operations(LongestPrefix.Count)}), from {InitialState}:");
        // The end of the prefix is where the trouble is; a long history would bury it.
        var first = Math.Max(0, LongestPrefix.Count - ShownPrefixSteps);
        if (first > 0)
        {
            text.AppendLine($"    ... {Operations(first)} before ...");
        }

        for (var i = first; i < LongestPrefix.Count; i++)
        {
            var step = LongestPrefix[i];
            text.AppendLine($"    {i + 1,4}. {step.Operation.Format(Origin)}  => {step.StateAfter}");
        }

        text.AppendLine(BlockingOperationLeftBehind
            ? $"  Then {BlockingOperation.Format(Origin)} can no longer take effect: the state has moved past every state that allows it."
            : $"  Then {BlockingOperation.Format(Origin)} returned before it could take effect.");
        text.AppendLine(Candidates.Count == 0 ? "  No operation was pending." : "  Pending operations at that point:");
        foreach (var candidate in Candidates)
        {
            text.AppendLine($"    - {candidate.Operation.Format(Origin)}: {candidate.Reason}");
        }

        return text.ToString();
    }

    private static string Operations(int count) => count == 1 ? "1 operation" : $"{count} operations";
}
