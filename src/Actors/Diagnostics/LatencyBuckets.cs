namespace Actors.Diagnostics;

/// <summary>Histogram bucket bounds for latencies in seconds, shared by the store's and the host's instruments.</summary>
public static class LatencyBuckets
{
    /// <summary>
    /// From 50 µs to 60 s: fine enough below a millisecond for percentiles on loopback, where OpenTelemetry's and
    /// ASP.NET Core's defaults (from 5 ms) would put every request in the first bucket, and long enough for a recovery.
    /// </summary>
    public static readonly double[] Seconds =
    [
        0.00005, 0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075,
        0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60,
    ];
}
