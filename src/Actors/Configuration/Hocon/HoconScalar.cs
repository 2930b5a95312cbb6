using System.Globalization;

namespace Actors.Configuration.Hocon;

/// <summary>A string, number, boolean or null value.</summary>
/// <remarks>
/// Numbers keep the text they were written with (<c>1e5</c> stays <c>1e5</c>): the spec requires it for value
/// concatenation and path expressions, and it lets durations and sizes be rendered back unchanged.
/// </remarks>
public sealed class HoconScalar : HoconValue
{
    private HoconScalar(HoconValueType type, string text, HoconOrigin origin, bool isWhitespace = false)
        : base(origin)
    {
        Type = type;
        Text = text;
        IsWhitespace = isWhitespace;
    }

    public override HoconValueType Type { get; }

    /// <summary>The value as text: the string itself, the number as written, <c>true</c>/<c>false</c>, or <c>null</c>.</summary>
    public string Text { get; }

    /// <summary>
    /// Marks the unquoted whitespace kept between the pieces of a concatenation; the resolver drops it next to arrays
    /// and objects and keeps it between strings.
    /// </summary>
    internal bool IsWhitespace { get; }

    public static HoconScalar String(string value, HoconOrigin origin = default) => new(HoconValueType.String, value, origin);

    /// <summary>Creates a number; <paramref name="text"/> must be a JSON number.</summary>
    public static HoconScalar Number(string text, HoconOrigin origin = default) => new(HoconValueType.Number, text, origin);

    public static HoconScalar Boolean(bool value, HoconOrigin origin = default) =>
        new(HoconValueType.Boolean, value ? "true" : "false", origin);

    public static HoconScalar Null(HoconOrigin origin = default) => new(HoconValueType.Null, "null", origin);

    /// <summary>The value as text, unquoted (unlike <see cref="HoconValue.ToString"/> on objects and arrays, which render HOCON).</summary>
    public override string ToString() => Text;

    internal static HoconScalar Whitespace(string text, HoconOrigin origin) => new(HoconValueType.String, text, origin, isWhitespace: true);

    /// <summary>Reads the number as a 64-bit integer; false if it is not a number or has a fraction.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (Type != HoconValueType.Number)
        {
            return false;
        }

        if (long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        // 1e3 or 5.0 are integers written in floating-point form.
        if (double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    /// <summary>Reads the number as a double; false if it is not a number.</summary>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        return Type == HoconValueType.Number
            && double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
