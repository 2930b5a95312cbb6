using System.Globalization;
using System.Text;

namespace Actors.Host.Cluster;

/// <summary>
/// What a <see cref="ShardProbe"/> saw: per shard, its owner before and after, the writes acknowledged and refused,
/// and the longest time it went without an acknowledged write (its pause); summed up over all shards and over the
/// shards that moved.
/// </summary>
internal sealed record ShardProbeReport(TimeSpan Duration, TimeSpan Interval, IReadOnlyList<ShardProbeReport.Shard> Shards, IReadOnlyList<ShardProbeReport.ErrorCount> Errors)
{
    /// <summary>One shard's figures; <see cref="LongestGap"/> began <see cref="GapStartedAt"/> into the probe.</summary>
    public sealed record Shard(int Id, string Key, string? OwnerBefore, string? OwnerAfter, bool Moved, long Acknowledged, long Refused,
        TimeSpan LongestGap, TimeSpan GapStartedAt, bool Lost, string? FirstError);

    /// <summary>Refused writes of one kind (an HTTP status, a connection error, a timeout).</summary>
    public sealed record ErrorCount(string Kind, long Count);

    /// <summary>Shards whose acknowledged write was not there when read back at the end: must be 0.</summary>
    public int LostShards => Shards.Count(s => s.Lost);

    /// <summary>The <paramref name="q"/>-quantile (nearest rank) of the longest gaps of <paramref name="shards"/>; zero for none.</summary>
    public static TimeSpan GapQuantile(IEnumerable<Shard> shards, double q)
    {
        var gaps = shards.Select(s => s.LongestGap).Order().ToArray();
        return gaps.Length == 0 ? TimeSpan.Zero : gaps[Math.Clamp((int)Math.Ceiling(q * gaps.Length) - 1, 0, gaps.Length - 1)];
    }

    /// <summary>The report as text: the summary, then the shards that moved, refused a write or lost one.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        var moved = Shards.Where(s => s.Moved).ToArray();
        text.AppendLine(CultureInfo.InvariantCulture, $"probed {Shards.Count} shards for {Duration.TotalSeconds:0.0} s, one write per shard every {Interval.TotalMilliseconds:0} ms: " +
            $"{Shards.Sum(s => s.Acknowledged):N0} acknowledged, {Shards.Sum(s => s.Refused):N0} refused, {LostShards} shards lost an acknowledged write");
        text.AppendLine(CultureInfo.InvariantCulture, $"longest gap without an acknowledged write, all shards:   p50 {Ms(GapQuantile(Shards, 0.5))}  p99 {Ms(GapQuantile(Shards, 0.99))}  max {Ms(GapQuantile(Shards, 1))}");
        text.AppendLine(moved.Length == 0
            ? "no shard changed owner during the probe"
            : string.Create(CultureInfo.InvariantCulture, $"longest gap, the {moved.Length} shards that changed owner: p50 {Ms(GapQuantile(moved, 0.5))}  p99 {Ms(GapQuantile(moved, 0.99))}  max {Ms(GapQuantile(moved, 1))}"));
        foreach (var error in Errors)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"refused: {error.Count:N0} × {error.Kind}");
        }

        foreach (var shard in Shards.Where(s => s.Moved || s.Refused > 0 || s.Lost))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  shard {shard.Id,4}  {shard.OwnerBefore ?? "-"} → {shard.OwnerAfter ?? "-"}  gap {Ms(shard.LongestGap)} from {shard.GapStartedAt.TotalSeconds:0.00} s  " +
                $"acknowledged {shard.Acknowledged:N0}  refused {shard.Refused:N0}{(shard.Lost ? "  LOST A WRITE" : string.Empty)}{(shard.FirstError is null ? string.Empty : "  first refusal: " + shard.FirstError)}");
        }

        return text.ToString();
    }

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
