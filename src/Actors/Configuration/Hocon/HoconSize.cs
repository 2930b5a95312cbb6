using System.Globalization;

namespace Actors.Configuration.Hocon;

/// <summary>
/// Parses and renders sizes in bytes such as <c>512KiB</c>, <c>10MB</c> or <c>1G</c>. A bare number is bytes.
/// </summary>
/// <remarks>
/// As in the spec, <c>kB MB GB TB PB EB</c> (and <c>kilobyte(s)</c>, …) are powers of ten, while
/// <c>K Ki KiB M Mi MiB G Gi GiB T Ti TiB P Pi PiB E Ei EiB</c> (and <c>kibibyte(s)</c>, …, and the lowercase
/// single letters) are powers of two. Zetta/yotta units are recognised but never fit in 64 bits.
/// </remarks>
public static class HoconSize
{
    /// <summary>Describes the accepted forms, for error messages.</summary>
    public const string ExpectedForms = "a size in bytes such as 512, 64KiB, 10MB or 1G (powers of ten: kB, MB, GB, TB; powers of two: K/KiB, M/MiB, G/GiB, T/TiB; a bare number is bytes)";

    private static readonly Dictionary<string, decimal> BytesPerUnit = BuildUnits();

    /// <exception cref="FormatException">The text is not a size, or it does not fit in a <see cref="long"/>.</exception>
    public static long Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not {ExpectedForms}");

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (!HoconUnitText.TrySplit(text, out var number, out var unit) || !BytesPerUnit.TryGetValue(unit, out var factor))
        {
            return false;
        }

        return TryFromBytes(number, factor, out bytes);
    }

    internal static bool TryFromBytes(decimal number, decimal factor, out long bytes)
    {
        bytes = 0;
        try
        {
            // Fractions of a byte are dropped, as Typesafe config does.
            var total = decimal.Truncate(number * factor);
            if (total > long.MaxValue || total < long.MinValue)
            {
                return false;
            }

            bytes = (long)total;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// Renders a size with the largest unit that represents it exactly, preferring powers of two (<c>64KiB</c>, then
    /// <c>10MB</c>, else <c>1234B</c>); <see cref="Parse"/> reads the result back to the same value.
    /// </summary>
    public static string Format(long bytes)
    {
        if (bytes != 0)
        {
            (long Factor, string Unit)[] units =
            [
                (1L << 60, "EiB"), (1L << 50, "PiB"), (1L << 40, "TiB"), (1L << 30, "GiB"), (1L << 20, "MiB"), (1L << 10, "KiB"),
                (1_000_000_000_000_000_000, "EB"), (1_000_000_000_000_000, "PB"), (1_000_000_000_000, "TB"),
                (1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB"),
            ];

            foreach (var (factor, unit) in units)
            {
                if (bytes % factor == 0)
                {
                    return (bytes / factor).ToString(CultureInfo.InvariantCulture) + unit;
                }
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }

    private static Dictionary<string, decimal> BuildUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal);
        Add(1m, string.Empty, "B", "b", "byte", "bytes");

        string[] decimalPrefixes = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryLetters = ["K", "M", "G", "T", "P", "E", "Z", "Y"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        decimal powerOfTen = 1m;
        decimal powerOfTwo = 1m;
        for (var i = 0; i < decimalPrefixes.Length; i++)
        {
            powerOfTen *= 1000m;
            powerOfTwo *= 1024m;
            Add(powerOfTen, decimalPrefixes[i] + "B", decimalNames[i] + "byte", decimalNames[i] + "bytes");
            var letter = binaryLetters[i];
            Add(powerOfTwo, letter, letter.ToLowerInvariant(), letter + "i", letter + "iB", binaryNames[i] + "byte", binaryNames[i] + "bytes");
        }

        return units;

        void Add(decimal factor, params string[] names)
        {
            foreach (var name in names)
            {
                units.Add(name, factor);
            }
        }
    }
}
