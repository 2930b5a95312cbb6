using System.Text.Json;
using Actors.Store.Cluster;

namespace Actors.Host.Cluster;

/// <summary>The cluster as <c>/v1/cluster</c>, the dashboard and <c>cluster status</c> show it.</summary>
public sealed record ClusterPicture(
    string? AnsweredBy,
    long Version,
    string? Coordinator,
    long CoordinatorTerm,
    IReadOnlyList<ClusterPicture.Member> Members,
    IReadOnlyList<ClusterPicture.Shard> Shards)
{
    /// <summary>A member and how many shards it owns.</summary>
    public sealed record Member(string Name, string Url, string Status, DateTimeOffset LastHeartbeat, int Shards);

    /// <summary>A shard's owner, epoch and state.</summary>
    public sealed record Shard(int Id, string? Owner, long Epoch, string State, string? NextOwner);

    /// <summary>The picture of <paramref name="view"/>.</summary>
    public static ClusterPicture From(ClusterView view, string? answeredBy) => new(
        answeredBy,
        view.Version,
        view.Coordinator,
        view.CoordinatorTerm,
        [.. view.Members.Select(m => new Member(m.Name, m.Url, m.Status.ToString().ToLowerInvariant(), m.LastHeartbeat, view.Shards.Count(s => s.Owner == m.Name)))],
        [.. view.Shards.Select(s => new Shard(s.Shard, s.Owner, s.Epoch, s.State.ToString().ToLowerInvariant(), s.NextOwner))]);
}

/// <summary>JSON options of the cluster picture (camelCase, like the rest of the API).</summary>
internal static class ClusterJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
