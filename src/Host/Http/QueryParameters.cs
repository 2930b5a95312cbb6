using System.Globalization;
using Actors.Configuration.Hocon;
using Actors.Host.Http.Problems;

namespace Actors.Host.Http;

/// <summary>Parses query parameters strictly: a value that does not parse is a 400 naming it and what is accepted.</summary>
internal static class QueryParameters
{
    public static string? Single(HttpRequest request, string name)
    {
        var values = request.Query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw HttpProblemException.BadParameter($"Query parameter '{name}' is given {values.Count} times; give it once."),
        };
    }

    /// <summary>A positive duration with a unit: <c>30s</c>, <c>500ms</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>.</summary>
    public static TimeSpan? Ttl(HttpRequest request)
    {
        if (Single(request, "ttl") is not { } text)
        {
            return null;
        }

        return !string.IsNullOrEmpty(text) && !char.IsAsciiDigit(text[^1]) && HoconDuration.TryParse(text, out var ttl) && ttl > TimeSpan.Zero
            ? ttl
            : throw HttpProblemException.BadParameter($"ttl={text} is not a positive duration with a unit, such as 30s, 500ms, 5m, 2h or 1d.");
    }

    public static long Int64(HttpRequest request, string name, long defaultValue) =>
        Single(request, name) is not { } text ? defaultValue
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw HttpProblemException.BadParameter($"{name}={text} is not a whole number from {long.MinValue} to {long.MaxValue}.");

    public static int Int32(HttpRequest request, string name, int defaultValue, int min, int max) =>
        Single(request, name) is not { } text ? defaultValue
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : throw HttpProblemException.BadParameter($"{name}={text} is not a whole number from {min} to {max}.");

    public static bool Boolean(HttpRequest request, string name) =>
        Single(request, name) switch
        {
            null or "false" or "0" => false,
            "" or "true" or "1" => true,
            var text => throw HttpProblemException.BadParameter($"{name}={text} is not a boolean; use true or false."),
        };
}
