using System.Text;

namespace Actors.Store.Linearizability;

/// <summary>The outcome of <see cref="LinearizabilityChecker"/>.</summary>
public sealed class LinearizabilityResult
{
    internal LinearizabilityResult(
        LinearizabilityVerdict verdict,
        int operationCount,
        int partitionCount,
        IReadOnlyList<LinearizabilityViolation> violations,
        IReadOnlyList<string> undecidedPartitions,
        long exploredConfigurations,
        TimeSpan elapsed)
    {
        Verdict = verdict;
        OperationCount = operationCount;
        PartitionCount = partitionCount;
        Violations = violations;
        UndecidedPartitions = undecidedPartitions;
        ExploredConfigurations = exploredConfigurations;
        Elapsed = elapsed;
    }

    public LinearizabilityVerdict Verdict { get; }

    public bool IsLinearizable => Verdict == LinearizabilityVerdict.Linearizable;

    /// <summary>How many operations the history has.</summary>
    public int OperationCount { get; }

    /// <summary>How many independent partitions the history was split into.</summary>
    public int PartitionCount { get; }

    /// <summary>
    /// One entry per partition found not linearizable. When a violation is found the other searches are
    /// stopped, so this lists at least one such partition, not necessarily all of them.
    /// </summary>
    public IReadOnlyList<LinearizabilityViolation> Violations { get; }

    /// <summary>Partitions whose search ran out of time or was cancelled.</summary>
    public IReadOnlyList<string> UndecidedPartitions { get; }

    /// <summary>
    /// How many distinct configurations (set of linearized operations, state) the searches went through:
    /// a measure of how hard the history was, close to the number of operations for an easy one.
    /// </summary>
    public long ExploredConfigurations { get; }

    /// <summary>How long the check took.</summary>
    public TimeSpan Elapsed { get; }

    public override string ToString()
    {
        var summary = $"{Verdict}: {Plural(OperationCount, "operation")} in {Plural(PartitionCount, "partition")}, checked in {Elapsed.TotalMilliseconds:F0} ms ({Plural(ExploredConfigurations, "configuration")} explored).";
        if (Violations.Count == 0 && UndecidedPartitions.Count == 0)
        {
            return summary;
        }

        var text = new StringBuilder().AppendLine(summary);
        foreach (var violation in Violations)
        {
            text.Append(violation);
        }

        if (UndecidedPartitions.Count > 0)
        {
            var names = string.Join(", ", UndecidedPartitions.Select(p => p.Length == 0 ? "(the history)" : $"\"{p}\""));
            text.AppendLine($"Undecided (out of time or cancelled): {names}");
        }

        return text.ToString();
    }

    private static string Plural(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
