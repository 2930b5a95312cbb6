using System.Globalization;
using System.Text;
using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Server;
using Actors.Store;
using Actors.Store.Configuration;

namespace Actors.Host.Resp.Commands;

/// <summary>COMMAND, DBSIZE, INFO and FLUSHDB: about the server and the whole keyspace.</summary>
public static class ServerCommands
{
    private const int FlushPage = 1000;

    public static IEnumerable<RespCommand> All { get; } =
    [
        new("COMMAND", -1, ["loading", "stale"]) { Control = Command },
        new("DBSIZE", 1, ["readonly", "fast"]) { Control = async (s, _, _) => RespReply.Integer64(await s.Store.CountAsync().ConfigureAwait(false)) },
        new("INFO", -1, ["loading", "stale"]) { Control = Info },
        new("FLUSHDB", -1, ["write"]) { Control = FlushDb },
    ];

    private static ValueTask<RespReply> Command(RespServices server, RespSession session, RespRequest request)
    {
        var table = server.Commands;
        if (request.Count == 1)
        {
            return new(RespReply.Array([.. table.All.Select(Describe)]));
        }

        if (request.Is(1, "COUNT"))
        {
            return new(RespReply.Integer64(table.All.Count));
        }

        if (request.Is(1, "INFO"))
        {
            return new(RespReply.Array([.. Enumerable.Range(2, request.Count - 2).Select(i => table.Find(request[i]) is { } c ? Describe(c) : RespReply.Null)]));
        }

        if (request.Is(1, "LIST"))
        {
            return new(RespReply.Array([.. table.All.Select(c => RespReply.BulkText(c.Name.ToLowerInvariant()))]));
        }

        // redis-cli asks for the documentation of commands to show hints; it starts without them.
        if (request.Is(1, "DOCS"))
        {
            return new(RespReply.Map([]));
        }

        return new(RespReply.Error($"ERR unknown subcommand '{request.Text(1)}'. Try COMMAND, COMMAND COUNT, COMMAND INFO, COMMAND LIST or COMMAND DOCS."));
    }

    private static RespReply Describe(RespCommand command) => RespReply.Array(
    [
        RespReply.BulkText(command.Name.ToLowerInvariant()),
        RespReply.Integer64(command.Arity),
        RespReply.Array([.. command.Flags.Select(RespReply.Simple)]),
        RespReply.Integer64(command.KeyPositions.First),
        RespReply.Integer64(command.KeyPositions.Last),
        RespReply.Integer64(command.KeyPositions.Step),
    ]);

    private static async ValueTask<RespReply> Info(RespServices server, RespSession session, RespRequest request)
    {
        var wanted = Enumerable.Range(1, request.Count - 1).Select(i => request.Text(i).ToLowerInvariant()).ToHashSet();
        var everything = wanted.Count == 0 || wanted.Overlaps(["all", "default", "everything"]);
        bool Wants(string section) => everything || wanted.Contains(section);

        var text = new StringBuilder();
        void Section(string name, params (string Key, object Value)[] fields)
        {
            text.Append("# ").Append(name).Append("\r\n");
            foreach (var (key, value) in fields)
            {
                text.Append(key).Append(':').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append("\r\n");
            }

            text.Append("\r\n");
        }

        var stats = server.Stats;
        var uptime = (long)(server.Time.GetUtcNow() - stats.StartedAt).TotalSeconds;
        if (Wants("server"))
        {
            Section("Server",
                ("redis_version", ConnectionCommands.CompatibleVersion),
                ("server_name", "actors"),
                ("redis_mode", "standalone"),
                ("process_id", Environment.ProcessId),
                ("tcp_port", server.ListeningPort),
                ("uptime_in_seconds", uptime),
                ("store_shards", server.StoreSettings.Shards));
        }

        if (Wants("clients"))
        {
            Section("Clients", ("connected_clients", stats.ConnectedClients), ("maxclients", server.Settings.MaxConnections));
        }

        if (Wants("persistence"))
        {
            var durable = server.StoreSettings.Durability != Durability.None;
            Section("Persistence",
                ("loading", server.Managed.Status == StoreStatus.Starting ? 1 : 0),
                ("aof_enabled", durable ? 1 : 0),
                ("store_durability", server.StoreSettings.DurabilityName),
                ("store_backend", server.StoreSettings.Backend.ToString().ToLowerInvariant()),
                ("store_location", server.Managed.Location ?? "memory"),
                ("store_status", server.Managed.Status.ToString().ToLowerInvariant()));
        }

        if (Wants("stats"))
        {
            Section("Stats",
                ("total_connections_received", stats.ConnectionsReceived),
                ("total_commands_processed", stats.CommandsProcessed),
                ("rejected_connections", stats.RejectedConnections),
                ("total_error_replies_protocol", stats.ProtocolErrors),
                ("keyspace_hits", stats.KeyspaceHits),
                ("keyspace_misses", stats.KeyspaceMisses));
        }

        if (Wants("replication"))
        {
            Section("Replication", ("role", "master"), ("connected_slaves", 0));
        }

        if (Wants("keyspace"))
        {
            var store = await server.Store.StatsAsync().ConfigureAwait(false);
            text.Append("# Keyspace\r\n");
            if (store.Keys > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"db0:keys={store.Keys},expires=0,avg_ttl=0\r\n");
            }

            text.Append("\r\n");
        }

        return RespReply.BulkText(text.ToString().TrimEnd() + "\r\n");
    }

    private static async ValueTask<RespReply> FlushDb(RespServices server, RespSession session, RespRequest request)
    {
        if (request.Count > 2 || (request.Count == 2 && !request.Is(1, "ASYNC") && !request.Is(1, "SYNC")))
        {
            return RespErrors.Syntax;
        }

        if (!server.Settings.FlushDbEnabled)
        {
            return RespReply.Error("ERR FLUSHDB is disabled on this server (store.resp.flushdb-enabled = off): it would delete every key");
        }

        // Not atomic: keys are deleted page by page; a key written meanwhile may survive, as with a concurrent SET in Redis.
        string? cursor = null;
        do
        {
            var page = await server.Store.ScanAsync(string.Empty, FlushPage, cursor).ConfigureAwait(false);
            var deletes = page.Entries.Select(e => server.Store.DeleteAsync(e.Key)).ToArray();
            foreach (var delete in deletes)
            {
                await delete.ConfigureAwait(false);
            }

            cursor = page.Cursor;
        }
        while (cursor is not null);

        return RespReply.Ok;
    }
}
