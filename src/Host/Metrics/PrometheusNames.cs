using System.Text;

namespace Actors.Host.Metrics;

/// <summary>
/// Turns OpenTelemetry-style instrument names and units into Prometheus names (<c>actors.messages.processed</c> →
/// <c>actors_messages_processed_total</c>, <c>http.server.request.duration</c> in <c>s</c> →
/// <c>http_server_request_duration_seconds</c>) and escapes label values and help text for the text format.
/// </summary>
internal static class PrometheusNames
{
    public static string MetricName(string name, string? unit, InstrumentKind kind)
    {
        var text = Sanitize(name, allowColon: true);
        if (UnitSuffix(unit) is { } suffix && !text.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            text += "_" + suffix;
        }

        if (kind is InstrumentKind.Counter or InstrumentKind.ObservedCounter && !text.EndsWith("_total", StringComparison.Ordinal))
        {
            text += "_total";
        }

        return text;
    }

    public static string LabelName(string name) => Sanitize(name, allowColon: false);

    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeHelp(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    // Units in braces ({message}) are annotations, not units: they add nothing to the name.
    private static string? UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => null,
        ['{', ..] => null,
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        _ => Sanitize(unit, allowColon: false),
    };

    private static string Sanitize(string name, bool allowColon)
    {
        var text = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var valid = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            if (next == '_' && text.Length > 0 && text[^1] == '_')
            {
                continue;
            }

            text.Append(next);
        }

        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }

        return text.ToString();
    }
}
