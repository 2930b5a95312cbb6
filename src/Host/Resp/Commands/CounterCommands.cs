using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Server;
using Actors.Host.Resp.Transactions;

namespace Actors.Host.Resp.Commands;

/// <summary>INCR, INCRBY, DECR, DECRBY: the store's atomic increment; the key's TTL is kept, a missing key counts as 0.</summary>
public static class CounterCommands
{
    public static IEnumerable<RespCommand> All { get; } =
    [
        Counter("INCR", 2, _ => 1),
        Counter("DECR", 2, _ => -1),
        Counter("INCRBY", 3, r => Amount(r, negate: false)),
        Counter("DECRBY", 3, r => Amount(r, negate: true)),
    ];

    private static RespCommand Counter(string name, int arity, Func<RespRequest, long?> by) => new(name, arity, ["write", "denyoom", "fast"])
    {
        KeysOf = RespCommand.FirstKey,
        KeyPositions = (1, 1, 1),
        Direct = async (server, session, request) =>
        {
            if (by(request) is not { } amount)
            {
                return AmountError(request);
            }

            var result = await server.Store.IncrementAsync(RespArgument.Key(request[1]), amount).ConfigureAwait(false);
            return RespReply.Integer64(result.Value);
        },
        Apply = (view, request) => Apply(view, request, by(request)),
    };

    // DECRBY of long.MinValue cannot be negated: Redis refuses it the same way.
    private static long? Amount(RespRequest request, bool negate) =>
        RespArgument.TryInteger(request[2], out var amount) && !(negate && amount == long.MinValue) ? (negate ? -amount : amount) : null;

    private static RespReply AmountError(RespRequest request) =>
        RespArgument.TryInteger(request[2], out _) ? RespReply.Error("ERR decrement would overflow") : RespErrors.NotAnInteger;

    private static RespReply Apply(KeyspaceView view, RespRequest request, long? by)
    {
        if (by is not { } amount)
        {
            return AmountError(request);
        }

        var key = RespArgument.Key(request[1]);
        long current = 0;
        if (view.Get(key) is { } value && !(Utf8Parser.TryParse(value.Span, out current, out var consumed) && consumed == value.Length))
        {
            return RespErrors.NotAnInteger;
        }

        long next;
        try
        {
            next = checked(current + amount);
        }
        catch (OverflowException)
        {
            return RespErrors.Overflow;
        }

        view.Set(key, Encoding.ASCII.GetBytes(next.ToString(CultureInfo.InvariantCulture)), view.ExpiresAt(key));
        return RespReply.Integer64(next);
    }
}
