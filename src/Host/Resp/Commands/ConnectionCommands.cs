using System.Security.Cryptography;
using System.Text;
using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Server;

namespace Actors.Host.Resp.Commands;

/// <summary>PING, ECHO, HELLO, AUTH, QUIT, SELECT and CLIENT: the connection's own business, no store involved.</summary>
public static class ConnectionCommands
{
    /// <summary>The Redis version whose commands and replies this server follows, for clients that choose features by it.</summary>
    public const string CompatibleVersion = "7.2.0";

    public static IEnumerable<RespCommand> All { get; } =
    [
        new("PING", -1, ["fast"]) { Control = Ping },
        new("ECHO", 2, ["fast"]) { Control = (_, _, r) => new(RespReply.BulkBytes(r[1])) },
        new("HELLO", -1, ["fast", "no-auth"]) { Control = Hello, AllowedBeforeAuth = true },
        new("AUTH", -2, ["fast", "no-auth"]) { Control = Auth, AllowedBeforeAuth = true },
        new("QUIT", -1, ["fast", "no-auth"]) { Control = Quit, AllowedBeforeAuth = true, ControlsTransaction = true },
        new("SELECT", 2, ["fast"]) { Control = Select },
        new("CLIENT", -2, ["fast"]) { Control = Client },
    ];

    private static ValueTask<RespReply> Ping(RespServices server, RespSession session, RespRequest request) => request.Count switch
    {
        1 => new(RespReply.Simple("PONG")),
        2 => new(RespReply.BulkBytes(request[1])),
        _ => new(RespErrors.WrongArity("ping")),
    };

    private static ValueTask<RespReply> Quit(RespServices server, RespSession session, RespRequest request)
    {
        session.Closing = true;
        return new(RespReply.Ok);
    }

    private static ValueTask<RespReply> Select(RespServices server, RespSession session, RespRequest request) =>
        new(RespArgument.TryInteger(request[1], out var db)
            ? db == 0 ? RespReply.Ok : RespReply.Error("ERR DB index is out of range (this store has one database, 0)")
            : RespErrors.NotAnInteger);

    private static ValueTask<RespReply> Auth(RespServices server, RespSession session, RespRequest request)
    {
        if (request.Count > 3)
        {
            return new(RespErrors.Syntax);
        }

        return new(Authenticate(server, session, request.Count == 3 ? request.Text(1) : "default", request[^1]) ?? RespReply.Ok);
    }

    /// <summary>Checks a password against the host's bearer token in constant time; null on success, else the error.</summary>
    private static RespReply? Authenticate(RespServices server, RespSession session, string user, ReadOnlyMemory<byte> password)
    {
        if (server.Settings.Password.Length == 0)
        {
            return RespReply.Error("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(server.Settings.Password));
        var presented = SHA256.HashData(password.Span);
        if (user != "default" || !CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            return RespReply.Error("WRONGPASS invalid username-password pair or user is disabled.");
        }

        session.Authenticated = true;
        return null;
    }

    private static ValueTask<RespReply> Hello(RespServices server, RespSession session, RespRequest request)
    {
        var protocol = session.Protocol;
        var next = 1;
        if (request.Count > 1)
        {
            if (!RespArgument.TryInteger(request[1], out var version))
            {
                return new(RespReply.Error("ERR Protocol version is not an integer or out of range"));
            }

            if (version is not (2 or 3))
            {
                return new(RespReply.Error("NOPROTO unsupported protocol version"));
            }

            protocol = (int)version;
            next = 2;
        }

        string? name = null;
        for (var i = next; i < request.Count; i++)
        {
            if (request.Is(i, "AUTH") && i + 2 < request.Count)
            {
                if (Authenticate(server, session, request.Text(i + 1), request[i + 2]) is { } failed)
                {
                    return new(failed);
                }

                i += 2;
            }
            else if (request.Is(i, "SETNAME") && i + 1 < request.Count)
            {
                name = request.Text(++i);
            }
            else
            {
                return new(RespReply.Error($"ERR Syntax error in HELLO option '{request.Text(i)}'"));
            }
        }

        if (!session.Authenticated)
        {
            return new(RespReply.Error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"));
        }

        session.Protocol = protocol;
        session.ClientName = name ?? session.ClientName;
        return new(RespReply.Map(
        [
            RespReply.BulkText("server"), RespReply.BulkText("actors"),
            RespReply.BulkText("version"), RespReply.BulkText(CompatibleVersion),
            RespReply.BulkText("proto"), RespReply.Integer64(protocol),
            RespReply.BulkText("id"), RespReply.Integer64(session.Id),
            RespReply.BulkText("mode"), RespReply.BulkText("standalone"),
            RespReply.BulkText("role"), RespReply.BulkText("master"),
            RespReply.BulkText("modules"), RespReply.EmptyArray,
        ]));
    }

    // Client libraries name their connections and ask for their id on connect; these answers let them start.
    private static ValueTask<RespReply> Client(RespServices server, RespSession session, RespRequest request)
    {
        if (request.Is(1, "SETNAME") && request.Count == 3)
        {
            session.ClientName = request.Text(2);
            return new(RespReply.Ok);
        }

        if (request.Is(1, "GETNAME") && request.Count == 2)
        {
            return new(session.ClientName is { } name ? RespReply.BulkText(name) : RespReply.Null);
        }

        if (request.Is(1, "ID") && request.Count == 2)
        {
            return new(RespReply.Integer64(session.Id));
        }

        if (request.Is(1, "SETINFO") && request.Count == 4)
        {
            return new(RespReply.Ok);
        }

        return new(RespReply.Error($"ERR unknown subcommand '{request.Text(1)}'. This server supports CLIENT SETNAME, GETNAME, ID and SETINFO."));
    }
}
