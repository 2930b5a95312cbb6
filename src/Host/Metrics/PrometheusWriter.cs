using System.Globalization;
using System.Text;

namespace Actors.Host.Metrics;

/// <summary>
/// Writes the collector's state in the Prometheus text exposition format 0.0.4: per metric family one <c># HELP</c>
/// and one <c># TYPE</c>, then its samples; histograms as cumulative <c>_bucket{le=…}</c> lines ending in
/// <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>.
/// </summary>
internal static class PrometheusWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IReadOnlyList<InstrumentState> instruments)
    {
        var text = new StringBuilder(4096);
        string? previous = null;
        foreach (var instrument in instruments)
        {
            var series = instrument.Series;
            if (series.Count == 0)
            {
                continue;
            }

            if (instrument.Name != previous)
            {
                var help = instrument.Instrument.Description is { Length: > 0 } description ? description : instrument.Instrument.Name;
                text.Append("# HELP ").Append(instrument.Name).Append(' ').Append(PrometheusNames.EscapeHelp(help)).Append('\n');
                text.Append("# TYPE ").Append(instrument.Name).Append(' ').Append(TypeOf(instrument.Kind)).Append('\n');
                previous = instrument.Name;
            }

            foreach (var one in series)
            {
                if (instrument.Kind == InstrumentKind.Histogram)
                {
                    WriteHistogram(text, instrument.Name, one);
                }
                else
                {
                    WriteSample(text, instrument.Name, one.Tags, null, one.Value);
                }
            }
        }

        return text.ToString();
    }

    private static void WriteHistogram(StringBuilder text, string name, Series series)
    {
        var counts = series.BucketCounts();
        var bounds = series.Bounds!;
        long cumulative = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += counts[i];
            var le = i < bounds.Length ? Format(bounds[i]) : "+Inf";
            WriteSample(text, name + "_bucket", series.Tags, le, cumulative);
        }

        WriteSample(text, name + "_sum", series.Tags, null, series.Sum);
        WriteSample(text, name + "_count", series.Tags, null, cumulative);
    }

    private static void WriteSample(StringBuilder text, string name, TagSet tags, string? le, double value)
    {
        text.Append(name);
        if (tags.Count > 0 || le is not null)
        {
            text.Append('{');
            for (var i = 0; i < tags.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(PrometheusNames.LabelName(tags[i].Key)).Append("=\"")
                    .Append(PrometheusNames.EscapeLabelValue(Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty)).Append('"');
            }

            if (le is not null)
            {
                text.Append(tags.Count > 0 ? "," : string.Empty).Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Format(value)).Append('\n');
    }

    private static string TypeOf(InstrumentKind kind) => kind switch
    {
        InstrumentKind.Counter or InstrumentKind.ObservedCounter => "counter",
        InstrumentKind.Histogram => "histogram",
        _ => "gauge",
    };

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
