namespace Actors.Store.Cluster;

/// <summary>A member as the coordinator's round sees it.</summary>
internal readonly record struct MemberRow(string Name, MemberStatus Status);
