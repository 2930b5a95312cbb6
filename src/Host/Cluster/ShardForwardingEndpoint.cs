using Actors.Store;
using Actors.Store.OwnRuntime;

namespace Actors.Host.Cluster;

using ActorStateStore = Actors.Store.OwnRuntime.ActorStateStore;

/// <summary>
/// <c>POST /internal/v1/shards/{shard}</c>: where peers send the requests for shards this node hosts. The body and the
/// answer are the store's shard protocol; errors travel inside a 200 answer, encoded, so that the caller rethrows the
/// same exception a local shard would have thrown.
/// </summary>
internal static class ShardForwardingEndpoint
{
    public static void Map(WebApplication app, string nodeName) =>
        app.MapPost(HttpShardTransport.PathPrefix + "{shard:int}", async (int shard, HttpRequest request, ActorStateStore store, CancellationToken cancellationToken) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, cancellationToken);
            var reply = await store.ServeForwardedAsync(shard, body.GetBuffer().AsMemory(0, (int)body.Length), nodeName, cancellationToken);
            return Results.Bytes(reply, HttpShardTransport.MediaType);
        });
}
