using Actors.Diagnostics;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Actors.Host.Metrics;

/// <summary>
/// The host's instruments on the meter <c>Actors.Host</c>: store operations made by the HTTP API, counted
/// (<c>store.operations</c>) and timed (<c>store.operation.duration</c>) by operation and outcome. HTTP request
/// durations are ASP.NET Core's own (<c>http.server.request.duration</c> on <c>Microsoft.AspNetCore.Hosting</c>).
/// </summary>
public sealed class HostMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Actors.Host";

    private readonly Meter _meter;
    private readonly Counter<long> _operations;
    private readonly Histogram<double> _operationDuration;

    public HostMetrics()
    {
        _meter = new Meter(MeterName, "1.0");
        _operations = _meter.CreateCounter<long>("store.operations", "{operation}", "Store operations made by the HTTP API and the Redis protocol, by operation and outcome.");
        _operationDuration = _meter.CreateHistogram(
            "store.operation.duration",
            "s",
            "Time the store took to answer an operation of the HTTP API or the Redis protocol, by operation and outcome.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets.Seconds });
    }

    /// <summary>Records the outcome of one store operation that began at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void StoreOperation(string operation, string outcome, long startTimestamp)
    {
        var op = new KeyValuePair<string, object?>("op", operation);
        var result = new KeyValuePair<string, object?>("outcome", outcome);
        _operations.Add(1, op, result);
        if (_operationDuration.Enabled)
        {
            _operationDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, op, result);
        }
    }

    public void Dispose() => _meter.Dispose();
}
