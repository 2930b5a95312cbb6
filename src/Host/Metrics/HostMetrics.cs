using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Actors.Host.Metrics;

/// <summary>
/// The host's instruments on the meter <c>Actors.Host</c>: HTTP request durations by route and status, and store
/// operations by operation and outcome. Two measurements per request, with cached tag strings: recording allocates
/// nothing.
/// </summary>
public sealed class HostMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Actors.Host";

    private static readonly string[] StatusTexts = Enumerable.Range(0, 600).Select(code => code.ToString(CultureInfo.InvariantCulture)).ToArray();

    private readonly Meter _meter;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _storeOperations;

    public HostMetrics()
    {
        // Scoped to this instance, so that a collector counts only its own host's meter when several share a process.
        _meter = new Meter(new MeterOptions(MeterName) { Version = "1.0", Scope = this });
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricsCollector.SecondsBounds };
        _requestDuration = _meter.CreateHistogram("http.server.request.duration", "s", "Duration of HTTP requests, by route and status code.", tags: null, advice);
        _storeOperations = _meter.CreateCounter<long>("store.operations", "{operation}", "Store operations made by the HTTP API, by operation and outcome.");
    }

    /// <summary>Records one HTTP request that began at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void RequestCompleted(string route, int statusCode, long startTimestamp)
    {
        if (_requestDuration.Enabled)
        {
            var status = (uint)statusCode < StatusTexts.Length ? StatusTexts[statusCode] : statusCode.ToString(CultureInfo.InvariantCulture);
            _requestDuration.Record(
                Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds,
                new KeyValuePair<string, object?>("route", route),
                new KeyValuePair<string, object?>("status", status));
        }
    }

    /// <summary>Records the outcome of one store operation (its latency is the request's).</summary>
    public void StoreOperation(string operation, string outcome)
    {
        if (_storeOperations.Enabled)
        {
            _storeOperations.Add(1, new KeyValuePair<string, object?>("op", operation), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public void Dispose() => _meter.Dispose();
}
