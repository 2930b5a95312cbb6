namespace Actors.Store.Strategies;

/// <summary>Checks a dictionary's structure: enumeration against <c>Count</c>, and lookups of enumerated keys.</summary>
internal static class IntegrityInspector
{
    public static IntegrityReport Inspect(Dictionary<string, VersionedValue> entries, long presentReported)
    {
        long count = 0, enumerated = 0, duplicates = 0, lookupFailures = 0, present = 0;
        try
        {
            count = entries.Count;
            var seen = new HashSet<string>(StringComparer.Ordinal);

            // Enumeration walks the entries array, not the bucket chains, so it terminates even when a chain
            // is cyclic; the lookups below walk the chains, and .NET's own cycle check makes them throw.
            foreach (var (key, entry) in entries)
            {
                enumerated++;
                if (!seen.Add(key))
                {
                    duplicates++;
                }

                if (entry.IsPresent)
                {
                    present++;
                }
            }

            foreach (var key in seen)
            {
                if (!entries.ContainsKey(key))
                {
                    lookupFailures++;
                }
            }

            return new IntegrityReport(count, enumerated, duplicates, lookupFailures, present, presentReported, null);
        }
        catch (Exception error)
        {
            return new IntegrityReport(count, enumerated, duplicates, lookupFailures, present, presentReported, $"{error.GetType().FullName}: {error.Message}");
        }
    }
}
