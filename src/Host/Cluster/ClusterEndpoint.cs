using Actors.Store.Cluster;
using Actors.Store.Hosting;

namespace Actors.Host.Cluster;

/// <summary>
/// <c>GET /v1/cluster</c>: the members, the coordinator and the shard map as this node sees them (its cached view,
/// refreshed on every change), and which node answered. A node that is not clustered says so with a 404.
/// </summary>
internal static class ClusterEndpoint
{
    public static void Map(WebApplication app) =>
        app.MapGet("/v1/cluster", (IServiceProvider services) =>
        {
            var node = (services.GetService(typeof(ClusterHostedService)) as ClusterHostedService)?.Node;
            return node is null
                ? Results.Problem(statusCode: 404, title: "This node is not part of a cluster", detail: "Start it with cluster.enabled = on (and cluster.node-name, cluster.advertised-url, cluster.postgres.connection-string) to join one.")
                : Results.Json(ClusterPicture.From(node.View, node.NodeName), ClusterJson.Options);
        });
}
