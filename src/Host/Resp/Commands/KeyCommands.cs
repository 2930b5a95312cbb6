using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Server;
using Actors.Host.Resp.Transactions;
using Actors.Store;

namespace Actors.Host.Resp.Commands;

/// <summary>DEL and EXISTS over any number of keys (each key on its own outside MULTI, as Redis Cluster across slots).</summary>
public static class KeyCommands
{
    public static IEnumerable<RespCommand> All { get; } =
    [
        new("DEL", -2, ["write"]) { KeysOf = RespCommand.AllKeys, KeyPositions = (1, -1, 1), Direct = DelAsync, Apply = Del },
        new("EXISTS", -2, ["readonly", "fast"]) { KeysOf = RespCommand.AllKeys, KeyPositions = (1, -1, 1), Direct = ExistsAsync, Apply = Exists },
    ];

    private static async ValueTask<RespReply> DelAsync(RespServices server, RespSession session, RespRequest request)
    {
        var deletes = new ValueTask<DeleteResult>[request.Count - 1];
        for (var i = 1; i < request.Count; i++)
        {
            deletes[i - 1] = server.Store.DeleteAsync(RespArgument.Key(request[i]));
        }

        long deleted = 0;
        foreach (var delete in deletes)
        {
            deleted += (await delete.ConfigureAwait(false)).Deleted ? 1 : 0;
        }

        return RespReply.Integer64(deleted);
    }

    private static RespReply Del(KeyspaceView view, RespRequest request)
    {
        long deleted = 0;
        for (var i = 1; i < request.Count; i++)
        {
            deleted += view.Delete(RespArgument.Key(request[i])) ? 1 : 0;
        }

        return RespReply.Integer64(deleted);
    }

    private static async ValueTask<RespReply> ExistsAsync(RespServices server, RespSession session, RespRequest request)
    {
        var reads = new ValueTask<StoreEntry?>[request.Count - 1];
        for (var i = 1; i < request.Count; i++)
        {
            reads[i - 1] = server.Store.GetAsync(RespArgument.Key(request[i]));
        }

        // A key named twice counts twice, as in Redis.
        long found = 0;
        foreach (var read in reads)
        {
            found += await read.ConfigureAwait(false) is null ? 0 : 1;
        }

        return RespReply.Integer64(found);
    }

    private static RespReply Exists(KeyspaceView view, RespRequest request) =>
        RespReply.Integer64(Enumerable.Range(1, request.Count - 1).Count(i => view.Exists(RespArgument.Key(request[i]))));
}
