namespace Actors.Store.Cluster;

/// <summary>
/// A node could not join its cluster because of its configuration or its environment. The message says what is wrong and
/// how to fix it; nothing was changed in the cluster.
/// </summary>
public sealed class ClusterJoinException(ClusterJoinFailure reason, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>What went wrong.</summary>
    public ClusterJoinFailure Reason { get; } = reason;
}
