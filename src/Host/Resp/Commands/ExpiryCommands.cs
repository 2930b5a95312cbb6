using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Server;
using Actors.Host.Resp.Transactions;

namespace Actors.Host.Resp.Commands;

/// <summary>
/// EXPIRE, PEXPIRE (with NX | XX | GT | LT), PERSIST, TTL, PTTL. The store has no "change only the TTL" operation,
/// so EXPIRE and PERSIST rewrite the same value with the new deadline under a version check (retried if the key
/// changed meanwhile): the key's version advances, as a WATCH on it would expect.
/// </summary>
public static class ExpiryCommands
{
    public static IEnumerable<RespCommand> All { get; } =
    [
        new("EXPIRE", -3, ["write", "fast"]) { KeysOf = RespCommand.FirstKey, KeyPositions = (1, 1, 1), Apply = (v, r) => Expire(v, r, 1000, "expire") },
        new("PEXPIRE", -3, ["write", "fast"]) { KeysOf = RespCommand.FirstKey, KeyPositions = (1, 1, 1), Apply = (v, r) => Expire(v, r, 1, "pexpire") },
        new("PERSIST", 2, ["write", "fast"]) { KeysOf = RespCommand.FirstKey, KeyPositions = (1, 1, 1), Apply = Persist },
        new("TTL", 2, ["readonly", "fast"]) { KeysOf = RespCommand.FirstKey, KeyPositions = (1, 1, 1), Direct = (s, _, r) => TimeToLiveAsync(s, r, ExpiryArguments.Seconds), Apply = (v, r) => TimeToLive(v, r, ExpiryArguments.Seconds) },
        new("PTTL", 2, ["readonly", "fast"]) { KeysOf = RespCommand.FirstKey, KeyPositions = (1, 1, 1), Direct = (s, _, r) => TimeToLiveAsync(s, r, ExpiryArguments.Milliseconds), Apply = (v, r) => TimeToLive(v, r, ExpiryArguments.Milliseconds) },
    ];

    private static RespReply Expire(KeyspaceView view, RespRequest request, long unitMs, string name)
    {
        if (!RespArgument.TryInteger(request[2], out var amount))
        {
            return RespErrors.NotAnInteger;
        }

        if (amount > ExpiryArguments.MaxMilliseconds / unitMs || amount < -(ExpiryArguments.MaxMilliseconds / unitMs))
        {
            return RespErrors.InvalidExpire(name);
        }

        bool nx = false, xx = false, gt = false, lt = false;
        for (var i = 3; i < request.Count; i++)
        {
            switch (request.Text(i).ToUpperInvariant())
            {
                case "NX":
                    nx = true;
                    break;
                case "XX":
                    xx = true;
                    break;
                case "GT":
                    gt = true;
                    break;
                case "LT":
                    lt = true;
                    break;
                default:
                    return RespReply.Error($"ERR Unsupported option {request.Text(i)}");
            }
        }

        if ((nx && (xx || gt || lt)) || (gt && lt))
        {
            return RespReply.Error("ERR NX and XX, GT or LT options at the same time are not compatible");
        }

        var key = RespArgument.Key(request[1]);
        if (!view.Exists(key))
        {
            return RespReply.Integer64(0);
        }

        var current = view.ExpiresAt(key);
        var deadline = view.Now + TimeSpan.FromMilliseconds(amount * unitMs);

        // GT and LT treat "no expiry" as an infinite TTL, as Redis does.
        var refused = (nx && current is not null)
            || (xx && current is null)
            || (gt && (current is null || deadline <= current))
            || (lt && current is not null && deadline >= current);
        if (refused)
        {
            return RespReply.Integer64(0);
        }

        // A deadline already past deletes the key, as in Redis.
        if (amount <= 0)
        {
            view.Delete(key);
        }
        else
        {
            view.SetExpiry(key, deadline);
        }

        return RespReply.Integer64(1);
    }

    private static RespReply Persist(KeyspaceView view, RespRequest request)
    {
        var key = RespArgument.Key(request[1]);
        return RespReply.Integer64(view.ExpiresAt(key) is not null && view.SetExpiry(key, null) ? 1 : 0);
    }

    private static async ValueTask<RespReply> TimeToLiveAsync(RespServices server, RespRequest request, Func<TimeSpan, long> unit)
    {
        var entry = await server.Store.GetAsync(RespArgument.Key(request[1])).ConfigureAwait(false);
        return RespReply.Integer64(entry is null ? -2 : entry.ExpiresAt is { } at ? unit(at - server.Time.GetUtcNow()) : -1);
    }

    private static RespReply TimeToLive(KeyspaceView view, RespRequest request, Func<TimeSpan, long> unit)
    {
        var key = RespArgument.Key(request[1]);
        return RespReply.Integer64(!view.Exists(key) ? -2 : view.ExpiresAt(key) is { } at ? unit(at - view.Now) : -1);
    }
}
