using System.Globalization;
using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Server;

namespace Actors.Host.Resp.Commands;

/// <summary>
/// SCAN cursor [MATCH pattern] [COUNT n] [TYPE string]. The store scans by prefix, so MATCH takes a prefix pattern
/// (<c>user:*</c>) or an exact key; other glob patterns are refused rather than answered wrongly. As in Redis, a
/// key that exists for the whole scan is returned; keys written or deleted meanwhile may or may not be, and each
/// shard's part of a page is a consistent reading of it.
/// </summary>
public static class ScanCommand
{
    private const int DefaultCount = 10;
    private const int MaxCount = 10_000;

    public static IEnumerable<RespCommand> All { get; } = [new("SCAN", -2, ["readonly"]) { Control = ScanAsync }];

    private static async ValueTask<RespReply> ScanAsync(RespServices server, RespSession session, RespRequest request)
    {
        if (!ulong.TryParse(request.Text(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return RespReply.Error("ERR invalid cursor");
        }

        var match = "*";
        var count = DefaultCount;
        var anyType = true;
        for (var i = 2; i < request.Count; i++)
        {
            if (request.Is(i, "MATCH") && i + 1 < request.Count)
            {
                match = request.Text(++i);
            }
            else if (request.Is(i, "COUNT") && i + 1 < request.Count)
            {
                if (!RespArgument.TryInteger(request[++i], out var asked))
                {
                    return RespErrors.NotAnInteger;
                }

                if (asked < 1)
                {
                    return RespErrors.Syntax;
                }

                count = (int)Math.Min(asked, MaxCount);
            }
            else if (request.Is(i, "TYPE") && i + 1 < request.Count)
            {
                // Every value here is a string.
                anyType = request.Is(++i, "string");
            }
            else
            {
                return RespErrors.Syntax;
            }
        }

        if (!TryPrefix(match, out var prefix, out var exact))
        {
            return RespReply.Error($"ERR MATCH '{match}' is not supported: this store scans by prefix, so MATCH takes a prefix followed by '*' (e.g. 'user:*') or an exact key");
        }

        string? storeCursor = null;
        if (id != 0)
        {
            if (!server.ScanCursors.TryRecall(id, match, out var remembered))
            {
                return RespReply.Error("ERR invalid cursor (unknown, forgotten after store.resp.scan-cursors newer cursors, or from a scan with another MATCH); start again from 0");
            }

            storeCursor = remembered;
        }

        if (!anyType)
        {
            return RespReply.Array([RespReply.BulkText("0"), RespReply.EmptyArray]);
        }

        var page = await server.Store.ScanAsync(prefix, count, storeCursor).ConfigureAwait(false);
        var keys = page.Entries.Where(e => !exact || e.Key == prefix).Select(e => RespReply.BulkText(e.Key)).ToArray();
        var next = page.Cursor is { } more ? server.ScanCursors.Remember(match, more) : 0;
        return RespReply.Array([RespReply.BulkText(next.ToString(CultureInfo.InvariantCulture)), RespReply.Array(keys)]);
    }

    /// <summary>A glob pattern as a prefix: "abc*" is the prefix "abc", "abc" (no wildcard) the exact key.</summary>
    public static bool TryPrefix(string pattern, out string prefix, out bool exact)
    {
        static bool HasGlob(string text) => text.AsSpan().IndexOfAny("*?[\\") >= 0;

        if (pattern.EndsWith('*') && !HasGlob(pattern[..^1]))
        {
            (prefix, exact) = (pattern[..^1], false);
            return true;
        }

        (prefix, exact) = (pattern, !HasGlob(pattern));
        return exact;
    }
}
