using System.Globalization;

namespace Actors.Configuration.Hocon;

/// <summary>
/// Splits the spec's "units format" (optional whitespace, a number, optional whitespace, an optional unit made of
/// letters, optional whitespace) into its number and unit.
/// </summary>
internal static class HoconUnitText
{
    public static bool TrySplit(string? text, out decimal number, out string unit)
    {
        number = 0;
        unit = string.Empty;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var unitStart = span.Length;
        while (unitStart > 0 && char.IsLetter(span[unitStart - 1]))
        {
            unitStart--;
        }

        unit = span[unitStart..].ToString();
        var numberText = span[..unitStart].TrimEnd();

        // JSON numbers only: no thousands separators, no leading '+', no hexadecimal.
        if (numberText.IsEmpty || numberText[0] == '+' || numberText.ContainsAny(",_ "))
        {
            return false;
        }

        return decimal.TryParse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
