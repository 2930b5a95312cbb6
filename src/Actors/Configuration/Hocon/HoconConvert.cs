using System.Globalization;

namespace Actors.Configuration.Hocon;

/// <summary>
/// The automatic type conversions of the spec, used by the typed getters: number and boolean to string, string to
/// number and boolean, numerically indexed object to array, and the units formats. Null converts to nothing.
/// </summary>
internal static class HoconConvert
{
    /// <summary>
    /// Reads <c>{ "0": a, "1": b }</c> as <c>[a, b]</c>: keys that are non-negative integers, in numeric order, others
    /// ignored; an object with no such key is not an array.
    /// </summary>
    public static bool TryObjectToArray(HoconObject obj, out HoconArray array)
    {
        var indexed = new List<(long Index, HoconValue Value)>();
        foreach (var (key, value) in obj)
        {
            if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                indexed.Add((index, value));
            }
        }

        if (indexed.Count == 0)
        {
            array = null!;
            return false;
        }

        indexed.Sort((a, b) => a.Index.CompareTo(b.Index));
        array = new HoconArray(obj.Origin, indexed.ConvertAll(item => item.Value));
        return true;
    }

    public static bool TryGetString(HoconValue value, out string text)
    {
        text = value is HoconScalar { Type: not HoconValueType.Null } scalar ? scalar.Text : null!;
        return text is not null;
    }

    public static bool TryGetBoolean(HoconValue value, out bool result)
    {
        result = false;
        if (value is not HoconScalar { Type: HoconValueType.Boolean or HoconValueType.String } scalar)
        {
            return false;
        }

        switch (scalar.Text)
        {
            case "true" or "yes" or "on":
                result = true;
                return true;
            case "false" or "no" or "off":
                return true;
            default:
                return false;
        }
    }

    public static bool TryGetInt64(HoconValue value, out long result)
    {
        result = 0;
        return value switch
        {
            HoconScalar { Type: HoconValueType.Number } number => number.TryGetInt64(out result),
            HoconScalar { Type: HoconValueType.String } text => ParseNumber(text.Text) is { } parsed && parsed.TryGetInt64(out result),
            _ => false,
        };
    }

    public static bool TryGetDouble(HoconValue value, out double result)
    {
        result = 0;
        return value switch
        {
            HoconScalar { Type: HoconValueType.Number } number => number.TryGetDouble(out result),
            HoconScalar { Type: HoconValueType.String } text => ParseNumber(text.Text) is { } parsed && parsed.TryGetDouble(out result),
            _ => false,
        };
    }

    public static bool TryGetDuration(HoconValue value, out TimeSpan result)
    {
        result = default;
        return value switch
        {
            HoconScalar { Type: HoconValueType.Number } number =>
                decimal.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
                && HoconDuration.TryFromMilliseconds(ms, out result),
            HoconScalar { Type: HoconValueType.String } text => HoconDuration.TryParse(text.Text, out result),
            _ => false,
        };
    }

    public static bool TryGetBytes(HoconValue value, out long result)
    {
        result = 0;
        return value switch
        {
            HoconScalar { Type: HoconValueType.Number } number =>
                decimal.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes)
                && HoconSize.TryFromBytes(bytes, 1m, out result),
            HoconScalar { Type: HoconValueType.String } text => HoconSize.TryParse(text.Text, out result),
            _ => false,
        };
    }

    public static bool TryGetList(HoconValue value, out HoconArray array)
    {
        switch (value)
        {
            case HoconArray found:
                array = found;
                return true;
            case HoconObject obj:
                return TryObjectToArray(obj, out array);
            default:
                array = null!;
                return false;
        }
    }

    /// <summary>Describes a value for "but found …" in messages.</summary>
    public static string Describe(HoconValue value) => value switch
    {
        HoconObject => "an object",
        HoconArray => "an array",
        HoconScalar { Type: HoconValueType.Null } => "null",
        HoconScalar { Type: HoconValueType.String } s => $"the string \"{s.Text}\"",
        HoconScalar s => $"the {s.Type.ToString().ToLowerInvariant()} {s.Text}",
        _ => "an unresolved value",
    };

    private static HoconScalar? ParseNumber(string text)
    {
        // JSON number rules: the whole string, trimmed, must be a number.
        var trimmed = text.Trim();
        return double.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _)
            ? HoconScalar.Number(trimmed)
            : null;
    }
}
