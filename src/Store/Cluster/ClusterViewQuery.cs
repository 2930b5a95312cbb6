namespace Actors.Store.Cluster;

/// <summary>Reads the cluster's picture straight from its tables, without joining (for <c>cluster status</c>).</summary>
public static class ClusterViewQuery
{
    /// <summary>The members, the coordinator and the shard map as the database holds them now.</summary>
    public static async Task<ClusterView> ReadAsync(ClusterSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var connections = new ClusterConnections(settings);
        return await ViewReader.ReadAsync(connections.Pool, new ClusterSql(settings.Schema), cancellationToken).ConfigureAwait(false);
    }
}
