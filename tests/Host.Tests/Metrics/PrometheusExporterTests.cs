using System.Diagnostics.Metrics;
using Actors.Host.Metrics;

namespace Actors.Host.Tests.Metrics;

/// <summary>The MeterListener-based collector and the text exposition format, on a private meter.</summary>
public sealed class PrometheusExporterTests : IDisposable
{
    private readonly Meter _meter = new($"test.{Guid.NewGuid():N}");
    private readonly MetricsCollector _collector;

    public PrometheusExporterTests() => _collector = new MetricsCollector([_meter.Name]);

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    private string[] Scrape() => PrometheusWriter.Write(_collector.Collect()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Counters_get_total_and_sum_per_tag_set_regardless_of_tag_order()
    {
        var counter = _meter.CreateCounter<long>("app.requests.served", "{request}", "Requests served.");
        counter.Add(2, new("method", "GET"), new("code", 200));
        counter.Add(3, new("code", 200), new("method", "GET"));
        counter.Add(1, new("method", "PUT"), new("code", 201));

        Assert.Equal(
            [
                "# HELP app_requests_served_total Requests served.",
                "# TYPE app_requests_served_total counter",
                "app_requests_served_total{code=\"200\",method=\"GET\"} 5",
                "app_requests_served_total{code=\"201\",method=\"PUT\"} 1",
            ],
            Scrape());
    }

    [Fact]
    public void Up_down_counters_and_observable_gauges_are_gauges()
    {
        var depth = _meter.CreateUpDownCounter<int>("queue.depth");
        depth.Add(5);
        depth.Add(-2);
        var temperature = 21.5;
        _meter.CreateObservableGauge("room.temperature", () => temperature, "Cel", "Temperature.");

        var lines = Scrape();
        Assert.Contains("# TYPE queue_depth gauge", lines);
        Assert.Contains("queue_depth 3", lines);
        Assert.Contains("# TYPE room_temperature_Cel gauge", lines);
        Assert.Contains("room_temperature_Cel 21.5", lines);
        temperature = 19;
        Assert.Contains("room_temperature_Cel 19", Scrape());
    }

    [Fact]
    public void Histograms_have_cumulative_buckets_ending_in_Inf_with_sum_and_count()
    {
        var histogram = _meter.CreateHistogram("op.duration", "s", "Durations.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        foreach (var value in new[] { 0.05, 0.1, 0.5, 2, 20 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("op", "get"));
        }

        Assert.Equal(
            [
                "# HELP op_duration_seconds Durations.",
                "# TYPE op_duration_seconds histogram",
                "op_duration_seconds_bucket{op=\"get\",le=\"0.1\"} 2",
                "op_duration_seconds_bucket{op=\"get\",le=\"1\"} 3",
                "op_duration_seconds_bucket{op=\"get\",le=\"10\"} 4",
                "op_duration_seconds_bucket{op=\"get\",le=\"+Inf\"} 5",
                "op_duration_seconds_sum{op=\"get\"} 22.65",
                "op_duration_seconds_count{op=\"get\"} 5",
            ],
            Scrape());
    }

    [Fact]
    public void Names_labels_and_help_are_escaped_for_the_text_format()
    {
        var counter = _meter.CreateCounter<long>("weird-name.with spaces", "By", "Line one\nline two \\ done");
        counter.Add(1, new KeyValuePair<string, object?>("path.segment", "a \"quoted\" \\ value\nnext"));

        var lines = Scrape();
        Assert.Contains("# HELP weird_name_with_spaces_bytes_total Line one\\nline two \\\\ done", lines);
        Assert.Contains("weird_name_with_spaces_bytes_total{path_segment=\"a \\\"quoted\\\" \\\\ value\\nnext\"} 1", lines);
    }

    [Fact]
    public void Unit_annotations_in_braces_add_nothing_and_meters_not_listed_are_ignored()
    {
        _meter.CreateCounter<long>("actors.messages.processed", "{message}").Add(7);
        using var other = new Meter($"other.{Guid.NewGuid():N}");
        other.CreateCounter<long>("ignored").Add(1);

        Assert.Equal(["# HELP actors_messages_processed_total actors.messages.processed", "# TYPE actors_messages_processed_total counter", "actors_messages_processed_total 7"], Scrape());
    }

    [Fact]
    public async Task Concurrent_recording_loses_nothing()
    {
        var counter = _meter.CreateCounter<long>("hits");
        var histogram = _meter.CreateHistogram<double>("latency", "s");
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("worker", t % 2));
                histogram.Record(0.001);
            }
        })));

        var lines = Scrape();
        Assert.Contains("hits_total{worker=\"0\"} 40000", lines);
        Assert.Contains("hits_total{worker=\"1\"} 40000", lines);
        Assert.Contains("latency_seconds_count 80000", lines);
    }
}
