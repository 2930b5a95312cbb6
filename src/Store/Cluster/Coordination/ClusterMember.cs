namespace Actors.Store.Cluster;

/// <summary>One node of the cluster, as the membership table had it when the view was read.</summary>
/// <param name="Name">The node's name (<c>cluster.node-name</c>), unique among live members.</param>
/// <param name="Url">Where requests for its shards are forwarded (<c>cluster.advertised-url</c>).</param>
/// <param name="Status">Up, leaving or down.</param>
/// <param name="LastHeartbeat">Its latest heartbeat by the database's clock, as of the view's version.</param>
/// <param name="Incarnation">Identifies one run of the node: a restart under the same name gets a new one.</param>
/// <param name="JoinedAt">When this incarnation joined, by the database's clock.</param>
public sealed record ClusterMember(string Name, string Url, MemberStatus Status, DateTimeOffset LastHeartbeat, Guid Incarnation, DateTimeOffset JoinedAt);
