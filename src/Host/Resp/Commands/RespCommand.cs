using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Server;
using Actors.Host.Resp.Transactions;

namespace Actors.Host.Resp.Commands;

/// <summary>A command that runs on its own against the store or the connection.</summary>
public delegate ValueTask<RespReply> RespHandler(RespServices server, RespSession session, RespRequest request);

/// <summary>A key command decided against a consistent view of its keys; the view's changes are then written atomically.</summary>
public delegate RespReply RespKeyHandler(KeyspaceView view, RespRequest request);

/// <summary>
/// One command: its name and arity (Redis' convention: n exactly, -n at least n, the name included), the keys it
/// touches, and how it runs. A key command has a <see cref="Apply"/> — its meaning over a <see cref="KeyspaceView"/>,
/// used inside EXEC and for read-modify-write forms such as <c>SET … GET</c> or <c>EXPIRE</c> — and may have a
/// <see cref="Direct"/> form for the cases that are one store call (plain <c>GET</c>, <c>SET</c>, <c>INCR</c>…), which
/// are sent without waiting for earlier commands so that a pipeline keeps the store busy. Other commands have a
/// <see cref="Control"/> handler.
/// </summary>
public sealed record RespCommand(string Name, int Arity, IReadOnlyList<string> Flags)
{
    /// <summary>The keys of a request, for the shard check of MULTI and the reads of EXEC.</summary>
    public Func<RespRequest, IReadOnlyList<string>>? KeysOf { get; init; }

    /// <summary>COMMAND's key positions: first, last (-1 = the last argument), step.</summary>
    public (int First, int Last, int Step) KeyPositions { get; init; }

    public RespHandler? Direct { get; init; }

    /// <summary>When <see cref="Direct"/> applies (null: always); otherwise the request runs through <see cref="Apply"/>.</summary>
    public Func<RespRequest, bool>? DirectWhen { get; init; }

    public RespKeyHandler? Apply { get; init; }

    public RespHandler? Control { get; init; }

    /// <summary>Runs before AUTH when a password is set (AUTH, HELLO, QUIT).</summary>
    public bool AllowedBeforeAuth { get; init; }

    /// <summary>Runs at once even inside MULTI (MULTI, EXEC, DISCARD, WATCH, UNWATCH, QUIT) instead of being queued.</summary>
    public bool ControlsTransaction { get; init; }

    public bool ArityMatches(int count) => Arity >= 0 ? count == Arity : count >= -Arity;

    /// <summary>The keys at argument 1 only.</summary>
    public static IReadOnlyList<string> FirstKey(RespRequest request) => [RespArgument.Key(request[1])];

    /// <summary>Every argument from 1 on is a key.</summary>
    public static IReadOnlyList<string> AllKeys(RespRequest request) =>
        [.. Enumerable.Range(1, request.Count - 1).Select(i => RespArgument.Key(request[i]))];

    /// <summary>Arguments 1, 3, 5… are keys (MSET's key value pairs).</summary>
    public static IReadOnlyList<string> PairKeys(RespRequest request) =>
        [.. Enumerable.Range(0, (request.Count - 1) / 2).Select(i => RespArgument.Key(request[1 + (2 * i)]))];
}
