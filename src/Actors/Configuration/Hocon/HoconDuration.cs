using System.Globalization;

namespace Actors.Configuration.Hocon;

/// <summary>
/// Parses and renders HOCON durations such as <c>250ms</c>, <c>5 s</c> or <c>1.5h</c>. A bare number is milliseconds.
/// </summary>
/// <remarks>
/// Units are those of the spec, case-sensitive: <c>ns</c>, <c>us</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>,
/// <c>d</c> and their long forms (<c>nano(s)</c>, <c>nanosecond(s)</c>, <c>micro(s)</c>, <c>microsecond(s)</c>,
/// <c>milli(s)</c>, <c>millisecond(s)</c>, <c>second(s)</c>, <c>minute(s)</c>, <c>hour(s)</c>, <c>day(s)</c>).
/// Values are rounded to the 100 ns resolution of <see cref="TimeSpan"/>.
/// </remarks>
public static class HoconDuration
{
    /// <summary>Describes the accepted forms, for error messages.</summary>
    public const string ExpectedForms = "a duration such as 500ms, 5s, 2m, 1h or 1d (units: ns, us, ms, s, m, h, d; a bare number is milliseconds)";

    private static readonly Dictionary<string, decimal> TicksPerUnit = BuildUnits();

    /// <summary>Parses a duration; a string without a unit is milliseconds.</summary>
    /// <exception cref="FormatException">The text is not a duration.</exception>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not {ExpectedForms}");

    /// <summary>Parses a duration; false when the text is not one or does not fit a <see cref="TimeSpan"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (!HoconUnitText.TrySplit(text, out var number, out var unit) || !TicksPerUnit.TryGetValue(unit, out var ticksPerUnit))
        {
            return false;
        }

        return TryFromTicks(number * ticksPerUnit, out value);
    }

    /// <summary>Converts a bare number of milliseconds, as written in a config, to a duration.</summary>
    internal static bool TryFromMilliseconds(decimal milliseconds, out TimeSpan value) =>
        TryFromTicks(milliseconds * TimeSpan.TicksPerMillisecond, out value);

    /// <summary>
    /// Renders a duration with the largest unit that represents it exactly, such as <c>5s</c>, <c>250ms</c> or
    /// <c>90s</c>; <see cref="Parse"/> reads the result back to the same value.
    /// </summary>
    public static string Format(TimeSpan value)
    {
        var ticks = value.Ticks;
        if (ticks == 0)
        {
            return "0ms";
        }

        (long Ticks, string Unit)[] units =
        [
            (TimeSpan.TicksPerDay, "d"),
            (TimeSpan.TicksPerHour, "h"),
            (TimeSpan.TicksPerMinute, "m"),
            (TimeSpan.TicksPerSecond, "s"),
            (TimeSpan.TicksPerMillisecond, "ms"),
            (TimeSpan.TicksPerMicrosecond, "us"),
        ];

        foreach (var (unitTicks, unit) in units)
        {
            if (ticks % unitTicks == 0)
            {
                return (ticks / unitTicks).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return ((decimal)ticks * 100).ToString(CultureInfo.InvariantCulture) + "ns";
    }

    private static bool TryFromTicks(decimal ticks, out TimeSpan value)
    {
        value = default;
        var rounded = decimal.Round(ticks, MidpointRounding.AwayFromZero);
        if (rounded > long.MaxValue || rounded < long.MinValue)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)rounded);
        return true;
    }

    private static Dictionary<string, decimal> BuildUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal) { [string.Empty] = TimeSpan.TicksPerMillisecond };
        Add(0.01m, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(TimeSpan.TicksPerMicrosecond, "us", "micro", "micros", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return units;

        void Add(decimal ticks, params string[] names)
        {
            foreach (var name in names)
            {
                units.Add(name, ticks);
            }
        }
    }
}
