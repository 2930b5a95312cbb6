using Actors.Store;

namespace Actors.Host.Http;

/// <summary><c>GET /v1/stats</c>: the store's status and per-shard figures (keys, bytes, mailbox depth, messages, journal position).</summary>
internal static class StatsEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/stats", async (HttpContext context, IStateStore store, IManagedStateStore actorStore) =>
        {
            var stats = await store.StatsAsync(context.RequestAborted).ConfigureAwait(false);
            await context.Response.WriteAsJsonAsync(From(actorStore.Status, stats), HostJsonContext.Default.StatsResponse, contentType: null, context.RequestAborted).ConfigureAwait(false);
        });

    public static StatsResponse From(StoreStatus status, StoreStats stats) => new(
        status.ToString().ToLowerInvariant(),
        stats.Durability,
        stats.Shards.Count,
        stats.Keys,
        stats.Bytes,
        stats.Shards.Select(s => new ShardStatsResponse(s.Shard, s.Keys, s.Bytes, s.MailboxDepth, s.MessagesProcessed, s.JournalPosition, s.Tombstones)).ToArray());
}
