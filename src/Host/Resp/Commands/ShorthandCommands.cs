using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Transactions;

namespace Actors.Host.Resp.Commands;

/// <summary>
/// SETEX, PSETEX, SETNX and UNLINK: Redis' older spellings of SET's options and of DEL, which client libraries still
/// send (StackExchange.Redis writes a SET with an expiry as SETEX). Each is rewritten into the command it abbreviates.
/// </summary>
public static class ShorthandCommands
{
    private static readonly RespCommand Set = StringCommands.All.Single(c => c.Name == "SET");
    private static readonly RespCommand Del = KeyCommands.All.Single(c => c.Name == "DEL");

    public static IEnumerable<RespCommand> All { get; } =
    [
        Rewrite("SETEX", 4, Set, r => [r[0], r[1], r[3], "EX"u8.ToArray(), r[2]]),
        Rewrite("PSETEX", 4, Set, r => [r[0], r[1], r[3], "PX"u8.ToArray(), r[2]]),
        Rewrite("SETNX", 3, Set, r => [r[0], r[1], r[2], "NX"u8.ToArray()], reply => reply.Kind switch
        {
            RespReplyKind.Simple => RespReply.Integer64(1),
            RespReplyKind.Null => RespReply.Integer64(0),
            _ => reply,
        }),
        Rewrite("UNLINK", -2, Del, r => [.. Enumerable.Range(0, r.Count).Select(i => r[i])]),
    ];

    private static RespCommand Rewrite(string name, int arity, RespCommand target, Func<RespRequest, ReadOnlyMemory<byte>[]> arguments, Func<RespReply, RespReply>? reply = null)
    {
        reply ??= r => r;
        RespRequest Translate(RespRequest request) => new(arguments(request));
        return new RespCommand(name, arity, target.Flags)
        {
            KeysOf = r => target.KeysOf!(Translate(r)),
            KeyPositions = target.KeyPositions,
            Direct = async (server, session, request) => reply(await target.Direct!(server, session, Translate(request)).ConfigureAwait(false)),
            DirectWhen = r => target.DirectWhen?.Invoke(Translate(r)) ?? true,
            Apply = (KeyspaceView view, RespRequest request) => reply(target.Apply!(view, Translate(request))),
        };
    }
}
