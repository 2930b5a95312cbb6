using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Server;
using Actors.Host.Resp.Transactions;
using Actors.Store;

namespace Actors.Host.Resp.Commands;

/// <summary>
/// MULTI, EXEC, DISCARD, WATCH, UNWATCH. A transaction's keys (watched ones included) must share one shard, as in
/// Redis Cluster; EXEC then runs the queued commands as one atomic batch guarded by the versions of every key they
/// read and of every watched key (see <see cref="TransactionRunner"/>).
/// </summary>
public static class TransactionCommands
{
    public static IEnumerable<RespCommand> All { get; } =
    [
        new("MULTI", 1, ["fast"]) { Control = Multi, ControlsTransaction = true },
        new("EXEC", 1, ["slow"]) { Control = ExecAsync, ControlsTransaction = true },
        new("DISCARD", 1, ["fast"]) { Control = Discard, ControlsTransaction = true },
        new("WATCH", -2, ["fast"]) { Control = WatchAsync, ControlsTransaction = true, KeysOf = RespCommand.AllKeys, KeyPositions = (1, -1, 1) },
        new("UNWATCH", 1, ["fast"]) { Control = Unwatch, ControlsTransaction = true },
    ];

    /// <summary>Queues <paramref name="request"/> inside MULTI: QUEUED, or an error that makes EXEC discard the transaction.</summary>
    public static RespReply Queue(RespServices server, RespSession session, RespCommand command, RespRequest request)
    {
        if (command.Apply is null)
        {
            session.TransactionFailed = true;
            return RespReply.Error($"ERR {command.Name} cannot run inside MULTI on this server: a transaction holds key commands only");
        }

        IReadOnlyList<string> keys;
        try
        {
            keys = command.KeysOf!(request);
        }
        catch (InvalidKeyException invalid)
        {
            session.TransactionFailed = true;
            return RespReply.Error($"ERR {invalid.Message}");
        }

        var all = session.Transaction!.SelectMany(q => q.Keys).Concat(session.Watched.Keys).Concat(keys).ToArray();
        if (!server.SameShard(all))
        {
            session.TransactionFailed = true;
            return RespErrors.CrossSlot;
        }

        session.Transaction!.Add(new QueuedCommand(command, request, keys));
        return RespReply.Queued;
    }

    private static ValueTask<RespReply> Multi(RespServices server, RespSession session, RespRequest request)
    {
        if (session.Transaction is not null)
        {
            return new(RespReply.Error("ERR MULTI calls can not be nested"));
        }

        session.Transaction = [];
        return new(RespReply.Ok);
    }

    private static ValueTask<RespReply> Discard(RespServices server, RespSession session, RespRequest request)
    {
        if (session.Transaction is null)
        {
            return new(RespReply.Error("ERR DISCARD without MULTI"));
        }

        session.ResetTransaction();
        return new(RespReply.Ok);
    }

    private static ValueTask<RespReply> Unwatch(RespServices server, RespSession session, RespRequest request)
    {
        session.Watched.Clear();
        return new(RespReply.Ok);
    }

    private static async ValueTask<RespReply> WatchAsync(RespServices server, RespSession session, RespRequest request)
    {
        if (session.Transaction is not null)
        {
            return RespReply.Error("ERR WATCH inside MULTI is not allowed");
        }

        var keys = RespCommand.AllKeys(request);
        if (!server.SameShard([.. session.Watched.Keys, .. keys]))
        {
            return RespErrors.CrossSlot;
        }

        var reads = keys.Select(k => server.Store.GetAsync(k)).ToArray();
        for (var i = 0; i < keys.Count; i++)
        {
            var entry = await reads[i].ConfigureAwait(false);
            session.Watched.TryAdd(keys[i], entry?.Version ?? 0);
        }

        return RespReply.Ok;
    }

    private static async ValueTask<RespReply> ExecAsync(RespServices server, RespSession session, RespRequest request)
    {
        if (session.Transaction is not { } queued)
        {
            return RespReply.Error("ERR EXEC without MULTI");
        }

        var failed = session.TransactionFailed;
        var watched = new Dictionary<string, long>(session.Watched, StringComparer.Ordinal);
        session.ResetTransaction();
        if (failed)
        {
            return RespReply.Error("EXECABORT Transaction discarded because of previous errors.");
        }

        if (queued.Count == 0 && watched.Count == 0)
        {
            return RespReply.EmptyArray;
        }

        var replies = await TransactionRunner.RunAsync(server, queued, watched, CancellationToken.None).ConfigureAwait(false);
        return replies is null ? RespReply.NullArray : RespReply.Array(replies);
    }
}
