using System.Globalization;

namespace Actors.Store.Load;

/// <summary>
/// Turns correctness counts into a verdict and a sentence. The worst observed effect wins: a broken map is worse
/// than silent loss, silent loss is worse than a loud exception, and an explicit rejection is the mildest
/// failure — the caller was told.
/// </summary>
public static class VerdictRules
{
    public static Verdict Decide(CorrectnessCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Corrupted || counts.HungOperations > 0 || counts.MisreadValues > 0 || counts.Integrity?.IsCorrupted == true)
        {
            return Verdict.Corrupted;
        }

        if (counts.Lost > 0)
        {
            return Verdict.DataLost;
        }

        if (counts.GuardTrips > 0)
        {
            return Verdict.GuardTripped;
        }

        return counts.Rejected > 0 ? Verdict.Rejected : Verdict.Clean;
    }

    /// <summary>Everything that went wrong, worst first; "all acknowledged operations verified" when nothing did.</summary>
    public static string Explain(CorrectnessCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var parts = new List<string>();
        if (counts.HungOperations > 0)
        {
            parts.Add(Format($"{counts.HungOperations:N0} operations hung"));
        }

        if (counts.Corruption is not null)
        {
            parts.Add(counts.Corruption);
        }
        else if (counts.Integrity is { IsCorrupted: true } integrity)
        {
            parts.Add(integrity.Describe());
        }

        if (counts.MisreadValues > 0)
        {
            parts.Add(Format($"{counts.MisreadValues:N0} reads returned another key's value"));
        }

        if (counts.LostWrites > 0)
        {
            parts.Add(Format($"lost {counts.LostWrites:N0} of {counts.AcknowledgedWrites:N0} acknowledged writes"));
        }

        if (counts.LostIncrements > 0)
        {
            parts.Add(Format($"lost {counts.LostIncrements:N0} of {counts.AcknowledgedIncrements:N0} acknowledged increments (counters sum to {counts.CounterSum:N0})"));
        }

        if (counts.GuardTrips > 0)
        {
            parts.Add(Format($"{counts.GuardTrips:N0} exceptions (") + string.Join(", ", counts.GuardTripsByType.Select(t => Format($"{ShortName(t.Key)} ×{t.Value:N0}"))) + ")");
        }

        if (counts.Rejected > 0)
        {
            parts.Add(Format($"{counts.Rejected:N0} operations rejected by design"));
        }

        return parts.Count == 0 ? "all acknowledged operations verified" : string.Join("; ", parts);
    }

    /// <summary>A type name without its namespace.</summary>
    public static string ShortName(string typeName) => typeName[(typeName.LastIndexOf('.') + 1)..];

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
