namespace Actors.Store.Strategies;

/// <summary>
/// What an inspection of a map's internal structure found. A healthy dictionary enumerates exactly
/// <see cref="Count"/> entries, each once, and finds every enumerated key by lookup.
/// </summary>
/// <param name="Count">The dictionary's own <c>Count</c> (entries including tombstones).</param>
/// <param name="Enumerated">Entries an enumeration produced.</param>
/// <param name="DuplicateKeys">Keys that the enumeration produced more than once.</param>
/// <param name="LookupFailures">Enumerated keys that a lookup could not find (a broken bucket chain).</param>
/// <param name="PresentCounted">Present (non-tombstone) entries the enumeration produced.</param>
/// <param name="PresentReported">The strategy's own count of present keys, which must agree.</param>
/// <param name="Error">An exception the inspection itself hit, as "Type: message", if any.</param>
public sealed record IntegrityReport(
    long Count,
    long Enumerated,
    long DuplicateKeys,
    long LookupFailures,
    long PresentCounted,
    long PresentReported,
    string? Error)
{
    /// <summary>True when anything disagrees or the inspection failed.</summary>
    public bool IsCorrupted =>
        Error is not null || Count != Enumerated || DuplicateKeys != 0 || LookupFailures != 0 || PresentCounted != PresentReported;

    /// <summary>A one-line description of what is wrong, or "intact".</summary>
    public string Describe()
    {
        if (!IsCorrupted)
        {
            return "intact";
        }

        var problems = new List<string>();
        if (Error is not null)
        {
            problems.Add($"inspection failed with {Error}");
        }

        if (Count != Enumerated)
        {
            problems.Add($"Count is {Count} but enumeration produced {Enumerated} entries");
        }

        if (DuplicateKeys != 0)
        {
            problems.Add($"{DuplicateKeys} keys enumerated twice");
        }

        if (LookupFailures != 0)
        {
            problems.Add($"{LookupFailures} enumerated keys not found by lookup");
        }

        if (PresentCounted != PresentReported)
        {
            problems.Add($"reports {PresentReported} present keys but holds {PresentCounted}");
        }

        return string.Join("; ", problems);
    }
}
