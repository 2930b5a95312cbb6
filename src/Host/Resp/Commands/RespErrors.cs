using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Transactions;
using Actors.Store;

namespace Actors.Host.Resp.Commands;

/// <summary>
/// The error replies, worded as Redis words them where a client may match the text (for example "value is not an
/// integer or out of range"), and the store's exceptions mapped to error codes a Redis client understands.
/// </summary>
public static class RespErrors
{
    public static RespReply Syntax { get; } = RespReply.Error("ERR syntax error");

    public static RespReply NotAnInteger { get; } = RespReply.Error("ERR value is not an integer or out of range");

    public static RespReply Overflow { get; } = RespReply.Error("ERR increment or decrement would overflow");

    public static RespReply NoAuth { get; } = RespReply.Error("NOAUTH Authentication required.");

    public static RespReply CrossSlot { get; } = RespReply.Error("CROSSSLOT Keys in request don't hash to the same slot (keys that share a hash tag, the part between '{' and '}', share a shard)");

    public static RespReply WrongArity(string command) => RespReply.Error($"ERR wrong number of arguments for '{command.ToLowerInvariant()}' command");

    public static RespReply InvalidExpire(string command) => RespReply.Error($"ERR invalid expire time in '{command.ToLowerInvariant()}' command");

    public static RespReply UnknownCommand(RespRequest request)
    {
        var name = Shorten(request.Text(0));
        var args = string.Join(' ', Enumerable.Range(1, Math.Min(request.Count - 1, 4)).Select(i => $"'{Shorten(request.Text(i))}'"));
        return RespReply.Error($"ERR unknown command '{name}', with args beginning with: {args}");
    }

    /// <summary>The reply for an exception a command threw: the store's errors get their own codes; anything else is internal.</summary>
    public static RespReply From(Exception exception) => exception switch
    {
        CrossShardBatchException cross => RespReply.Error($"CROSSSLOT Keys in request don't hash to the same slot: {cross.Message}"),
        NotAnIntegerException => NotAnInteger,
        InvalidKeyException or ValueTooLargeException or InvalidCursorException => RespReply.Error($"ERR {exception.Message}"),
        TransactionContentionException => RespReply.Error($"ERR {exception.Message}"),
        StoreOverloadedException => RespReply.Error($"BUSY {exception.Message}"),
        StoreUnavailableException => RespReply.Error($"TRYAGAIN {exception.Message}"),
        TimeoutException => RespReply.Error($"TRYAGAIN the store did not answer in time (store.request-timeout); the command may or may not have been applied"),
        OperationCanceledException => RespReply.Error("TRYAGAIN the server is shutting down; the command may or may not have been applied"),
        _ => RespReply.Error($"ERR internal error: {exception.GetType().Name}: {exception.Message}"),
    };

    /// <summary>Whether <paramref name="exception"/> is one of the expected answers rather than a bug worth logging.</summary>
    public static bool IsExpected(Exception exception) =>
        exception is StoreException or TimeoutException or OperationCanceledException or TransactionContentionException;

    private static string Shorten(string text) => text.Length > 64 ? text[..64] + "…" : text;
}
