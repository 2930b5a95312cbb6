namespace Actors.Store.CrashProbe;

/// <summary>
/// The value the crash probe writes for a key at one write (<c>sequence</c>, unique across runs): every byte depends on
/// both, and the length varies from write to write (tens of bytes to several SQLite pages), so a torn or mixed-up
/// value can never pass for a whole one. Compiled into the probe and into the tests that check what it wrote.
/// </summary>
internal static class ProbeValue
{
    public static string Of(string key, string sequence)
    {
        var unit = $"{key}@{sequence}|";
        return string.Concat(Enumerable.Repeat(unit, 2 + (int)(Fnv1a(sequence) % 300)));
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
