namespace Actors.Host.Metrics;

/// <summary>
/// One metric point as the dashboard reads it: its tags, its value (a sum, a gauge's last value, or a histogram's
/// count) and, for a histogram, the upper bounds and the count of each bucket (not cumulative; the last is +Inf).
/// </summary>
internal sealed record MetricPointSnapshot(
    IReadOnlyDictionary<string, string> Tags,
    double Value,
    IReadOnlyList<double>? Bounds = null,
    IReadOnlyList<long>? BucketCounts = null)
{
    public string Tag(string key) => Tags.TryGetValue(key, out var value) ? value : string.Empty;
}
