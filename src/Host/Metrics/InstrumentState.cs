using System.Diagnostics.Metrics;

namespace Actors.Host.Metrics;

/// <summary>
/// What the collector keeps for one instrument: its Prometheus name and type, and one <see cref="Series"/> per tag set.
/// Series are added copy-on-write, so a measurement finds its series without a lock.
/// </summary>
internal sealed class InstrumentState
{
    private readonly Lock _gate = new();
    private Series[] _series = [];

    public InstrumentState(Instrument instrument, InstrumentKind kind, double[]? bounds)
    {
        Instrument = instrument;
        Kind = kind;
        Bounds = bounds;
        Name = PrometheusNames.MetricName(instrument.Name, instrument.Unit, kind);
    }

    public Instrument Instrument { get; }

    public InstrumentKind Kind { get; }

    public double[]? Bounds { get; }

    public string Name { get; }

    public IReadOnlyList<Series> Series => Volatile.Read(ref _series);

    public Series SeriesFor(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = TagSet.HashOf(tags);
        foreach (var series in Volatile.Read(ref _series))
        {
            if (series.Tags.Hash == hash && series.Tags.Matches(tags))
            {
                return series;
            }
        }

        return Add(TagSet.From(tags));
    }

    private Series Add(TagSet tags)
    {
        lock (_gate)
        {
            foreach (var series in _series)
            {
                if (series.Tags.Hash == tags.Hash && Same(series.Tags, tags))
                {
                    return series;
                }
            }

            var added = new Series(tags, Bounds);
            _series = [.. _series, added];
            return added;
        }
    }

    private static bool Same(TagSet a, TagSet b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i].Key, b[i].Key, StringComparison.Ordinal) || !Equals(a[i].Value, b[i].Value))
            {
                return false;
            }
        }

        return true;
    }
}
