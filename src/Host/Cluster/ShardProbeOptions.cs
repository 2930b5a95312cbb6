namespace Actors.Host.Cluster;

/// <summary>What <see cref="ShardProbe"/> writes to, how often, and for how long.</summary>
internal sealed record ShardProbeOptions
{
    /// <summary>Hosts to send the writes to, in turn (the first also answers the cluster picture and the read-back).</summary>
    public required IReadOnlyList<Uri> Targets { get; init; }

    /// <summary>Time between two writes to one shard's key (the resolution of the gaps).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long to probe.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
}
