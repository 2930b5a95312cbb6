using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Server;
using Actors.Host.Resp.Transactions;
using Actors.Store;

namespace Actors.Host.Resp.Commands;

/// <summary>GET, SET, MGET, MSET: values as bulk strings; a SET without EX/PX/KEEPTTL clears the key's TTL, as in Redis.</summary>
public static class StringCommands
{
    public static IEnumerable<RespCommand> All { get; } =
    [
        new("GET", 2, ["readonly", "fast"])
        {
            KeysOf = RespCommand.FirstKey, KeyPositions = (1, 1, 1), Direct = GetAsync, Apply = Get,
        },
        new("SET", -3, ["write", "denyoom"])
        {
            KeysOf = RespCommand.FirstKey, KeyPositions = (1, 1, 1), Direct = SetAsync, DirectWhen = IsOneWriteSet, Apply = Set,
        },
        new("MGET", -2, ["readonly", "fast"])
        {
            KeysOf = RespCommand.AllKeys, KeyPositions = (1, -1, 1), Direct = MGetAsync, Apply = MGet,
        },
        new("MSET", -3, ["write", "denyoom"])
        {
            KeysOf = RespCommand.PairKeys, KeyPositions = (1, -1, 2), Direct = MSetAsync, DirectWhen = r => r.Count % 2 == 1, Apply = MSet,
        },
    ];

    private static async ValueTask<RespReply> GetAsync(RespServices server, RespSession session, RespRequest request)
    {
        var entry = await server.Store.GetAsync(RespArgument.Key(request[1])).ConfigureAwait(false);
        server.Stats.Lookup(entry is not null);
        return entry is null ? RespReply.Null : RespReply.BulkBytes(entry.Value);
    }

    private static RespReply Get(KeyspaceView view, RespRequest request) =>
        view.Get(RespArgument.Key(request[1])) is { } value ? RespReply.BulkBytes(value) : RespReply.Null;

    private static bool IsOneWriteSet(RespRequest request) =>
        !SetArguments.TryParse(request, out var arguments, out _) || arguments.IsOneWrite;

    private static async ValueTask<RespReply> SetAsync(RespServices server, RespSession session, RespRequest request)
    {
        if (!SetArguments.TryParse(request, out var arguments, out var error))
        {
            return error;
        }

        var options = new SetOptions { Ttl = arguments.Ttl, ExpectedVersion = arguments.OnlyIfAbsent ? 0 : null };
        var result = await server.Store.SetAsync(RespArgument.Key(request[1]), request[2], options).ConfigureAwait(false);
        return result.Applied ? RespReply.Ok : RespReply.Null;
    }

    private static RespReply Set(KeyspaceView view, RespRequest request)
    {
        if (!SetArguments.TryParse(request, out var arguments, out var error))
        {
            return error;
        }

        var key = RespArgument.Key(request[1]);
        var old = view.Get(key);
        var reply = arguments.ReturnOld ? (old is { } value ? RespReply.BulkBytes(value) : RespReply.Null) : RespReply.Ok;
        if ((arguments.OnlyIfAbsent && old is not null) || (arguments.OnlyIfPresent && old is null))
        {
            return arguments.ReturnOld ? reply : RespReply.Null;
        }

        var expiresAt = arguments.KeepTtl ? view.ExpiresAt(key) : view.Now + arguments.Ttl;
        view.Set(key, request[2], expiresAt);
        return reply;
    }

    private static async ValueTask<RespReply> MGetAsync(RespServices server, RespSession session, RespRequest request)
    {
        // Every read is sent before the first is awaited: the shards work on them together.
        var reads = new ValueTask<StoreEntry?>[request.Count - 1];
        for (var i = 1; i < request.Count; i++)
        {
            reads[i - 1] = server.Store.GetAsync(RespArgument.Key(request[i]));
        }

        var replies = new RespReply[reads.Length];
        for (var i = 0; i < reads.Length; i++)
        {
            var entry = await reads[i].ConfigureAwait(false);
            server.Stats.Lookup(entry is not null);
            replies[i] = entry is null ? RespReply.Null : RespReply.BulkBytes(entry.Value);
        }

        return RespReply.Array(replies);
    }

    private static RespReply MGet(KeyspaceView view, RespRequest request) =>
        RespReply.Array([.. Enumerable.Range(1, request.Count - 1).Select(i => view.Get(RespArgument.Key(request[i])) is { } v ? RespReply.BulkBytes(v) : RespReply.Null)]);

    private static async ValueTask<RespReply> MSetAsync(RespServices server, RespSession session, RespRequest request)
    {
        // Atomic like Redis' MSET, which the store can promise only within one shard: across shards it is refused,
        // as Redis Cluster refuses it, rather than half applied.
        var keys = RespCommand.PairKeys(request);
        if (!server.SameShard(keys))
        {
            return RespErrors.CrossSlot;
        }

        var operations = new BatchOperation[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            operations[i] = new BatchOperation.Set(keys[i], request[2 + (2 * i)]);
        }

        await server.Store.BatchAsync(operations).ConfigureAwait(false);
        return RespReply.Ok;
    }

    private static RespReply MSet(KeyspaceView view, RespRequest request)
    {
        if (request.Count % 2 == 0)
        {
            return RespErrors.WrongArity("mset");
        }

        for (var i = 1; i + 1 < request.Count; i += 2)
        {
            view.Set(RespArgument.Key(request[i]), request[i + 1], null);
        }

        return RespReply.Ok;
    }
}
