namespace Actors.Host.Telemetry;

/// <summary>
/// Which exporters the standard OpenTelemetry variables ask for: <c>OTEL_TRACES_EXPORTER</c> and
/// <c>OTEL_METRICS_EXPORTER</c> (a comma-separated list of <c>otlp</c>, <c>console</c>, <c>none</c>), and
/// <c>OTEL_SDK_DISABLED=true</c>, which turns every exporter off. Traces are off unless asked for; metrics are always
/// served on <c>/metrics</c>, and these exporters push them as well. The OTLP exporter then reads its own standard
/// variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>…_PROTOCOL</c>, <c>…_HEADERS</c>).
/// </summary>
internal sealed record OtelExporters(bool Otlp, bool Console)
{
    public static OtelExporters None { get; } = new(false, false);

    public bool Any => Otlp || Console;

    /// <summary>Reads the exporters for <paramref name="signal"/> (<c>TRACES</c> or <c>METRICS</c>).</summary>
    /// <exception cref="ArgumentException">A name other than <c>otlp</c>, <c>console</c> or <c>none</c> (the message names it and the accepted ones).</exception>
    public static OtelExporters FromConfiguration(IConfiguration configuration, string signal)
    {
        if (string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return None;
        }

        var variable = $"OTEL_{signal}_EXPORTER";
        var otlp = false;
        var console = false;
        foreach (var name in (configuration[variable] ?? "none").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (name.ToLowerInvariant())
            {
                case "otlp":
                    otlp = true;
                    break;
                case "console":
                    console = true;
                    break;
                case "none":
                    break;
                default:
                    throw new ArgumentException($"{variable}: unknown exporter '{name}'; accepted: otlp, console, none (comma-separated).");
            }
        }

        return new OtelExporters(otlp, console);
    }
}
