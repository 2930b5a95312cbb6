using System.Globalization;
using Actors.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Actors.Configuration;

/// <summary>
/// Typed reads of HOCON-style values from <see cref="IConfiguration"/> (where every value is text): durations such as
/// <c>5s</c>, sizes such as <c>64KiB</c>, booleans <c>on/off/yes/no/true/false</c>, and hyphenated enum names. A value
/// that does not parse fails with <see cref="InvalidConfigurationException"/> naming the setting and the accepted forms.
/// </summary>
public static class ConfigurationSectionExtensions
{
    /// <summary>The HOCON path of <paramref name="key"/> in <paramref name="section"/>: <c>actors.ask-timeout</c>.</summary>
    public static string HoconPath(this IConfiguration section, string key) =>
        section is IConfigurationSection { Path: { Length: > 0 } path } ? $"{path.Replace(':', '.')}.{key}" : key;

    /// <summary>A duration (<c>500ms</c>, <c>5s</c>, <c>2m</c>; a bare number is milliseconds).</summary>
    public static TimeSpan GetDuration(this IConfiguration section, string key, TimeSpan defaultValue) =>
        section[key] is { Length: > 0 } text
            ? HoconDuration.TryParse(text, out var value) && value >= TimeSpan.Zero
                ? value
                : throw Invalid(section, key, text, "a non-negative duration such as 500ms, 5s, 2m or 1h")
            : defaultValue;

    /// <summary>A duration where <c>0</c>, <c>off</c> or <c>infinite</c> mean "none".</summary>
    public static TimeSpan? GetOptionalDuration(this IConfiguration section, string key, TimeSpan? defaultValue)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        if (text is "off" or "none" or "infinite")
        {
            return null;
        }

        var value = section.GetDuration(key, TimeSpan.Zero);
        return value == TimeSpan.Zero ? null : value;
    }

    /// <summary>A whole number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int GetInt32(this IConfiguration section, string key, int defaultValue, int min = int.MinValue, int max = int.MaxValue) =>
        section[key] is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw Invalid(section, key, text, $"a whole number from {min} to {max}")
            : defaultValue;

    /// <summary>A whole number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static long GetInt64(this IConfiguration section, string key, long defaultValue, long min = long.MinValue, long max = long.MaxValue) =>
        section[key] is { Length: > 0 } text
            ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw Invalid(section, key, text, $"a whole number from {min} to {max}")
            : defaultValue;

    /// <summary>A number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static double GetDouble(this IConfiguration section, string key, double defaultValue, double min = double.MinValue, double max = double.MaxValue) =>
        section[key] is { Length: > 0 } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw Invalid(section, key, text, $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}")
            : defaultValue;

    /// <summary>A boolean: <c>true/false</c>, <c>on/off</c> or <c>yes/no</c>.</summary>
    public static bool GetBoolean(this IConfiguration section, string key, bool defaultValue) =>
        section[key] switch
        {
            null or "" => defaultValue,
            "true" or "on" or "yes" => true,
            "false" or "off" or "no" => false,
            var text => throw Invalid(section, key, text, "true/false, on/off or yes/no"),
        };

    /// <summary>A size in bytes (<c>1024</c>, <c>64KiB</c>, <c>10MB</c>).</summary>
    public static long GetBytes(this IConfiguration section, string key, long defaultValue) =>
        section[key] is { Length: > 0 } text
            ? HoconSize.TryParse(text, out var value) && value >= 0
                ? value
                : throw Invalid(section, key, text, "a size such as 1024, 512B, 64KiB, 10MB or 1GiB")
            : defaultValue;

    /// <summary>A non-empty string.</summary>
    public static string GetString(this IConfiguration section, string key, string defaultValue) =>
        section[key] is { Length: > 0 } text ? text : defaultValue;

    /// <summary>One of the names in <paramref name="names"/> (the configuration spelling of each value).</summary>
    public static T GetChoice<T>(this IConfiguration section, string key, T defaultValue, IReadOnlyDictionary<string, T> names)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        return names.TryGetValue(text, out var value)
            ? value
            : throw Invalid(section, key, text, "one of " + string.Join(", ", names.Keys));
    }

    /// <summary>The error for a value that does not parse.</summary>
    public static InvalidConfigurationException Invalid(this IConfiguration section, string key, string? value, string expected) =>
        new(section.HoconPath(key), $"'{value}' is not valid; expected {expected}.");
}
