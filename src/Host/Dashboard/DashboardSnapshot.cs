using Actors.Host.Cluster;

namespace Actors.Host.Dashboard;

/// <summary>
/// What the dashboard polls (<c>GET /dashboard/data</c>): the store's state now, and cumulative counters and latency
/// buckets that the page turns into rates and percentiles over its own polling interval; and, on a clustered node, the
/// cluster as <c>/v1/cluster</c> shows it (null otherwise).
/// </summary>
internal sealed record DashboardSnapshot(
    long Time,
    string Status,
    string Durability,
    long Keys,
    long Bytes,
    IReadOnlyList<DashboardShard> Shards,
    IReadOnlyList<DashboardCount> Operations,
    IReadOnlyList<DashboardLatency> Latency,
    IReadOnlyList<DashboardCount> DeadLetters,
    IReadOnlyList<DashboardCount> Rejections,
    long MessagesProcessed,
    long MailboxDepth,
    DashboardReport? Report,
    string ReportsDirectory,
    ClusterPicture? Cluster);

/// <summary>One shard's figures.</summary>
internal sealed record DashboardShard(int Shard, long Keys, long Bytes, int MailboxDepth, long MessagesProcessed);

/// <summary>A cumulative count with its tag (<c>op/outcome</c>, dead-letter reason, overflow policy).</summary>
internal sealed record DashboardCount(string Name, long Count);

/// <summary>Cumulative latency buckets of one store operation (non-cumulative counts per bucket, bounds in seconds).</summary>
internal sealed record DashboardLatency(string Op, IReadOnlyList<double> Bounds, IReadOnlyList<long> Counts);

/// <summary>The newest lab report.</summary>
internal sealed record DashboardReport(string Name, DateTimeOffset Modified);
