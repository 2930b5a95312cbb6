using System.Text;
using Actors.Host.Resp.Commands;
using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Transactions;
using Actors.Store;

namespace Actors.Host.Tests.Resp;

/// <summary>The key commands' meaning over a <see cref="KeyspaceView"/>: what EXEC and read-modify-write commands decide.</summary>
public sealed class KeyCommandSemanticsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Set_xx_on_a_missing_key_writes_nothing_and_answers_nil()
    {
        var view = View(("k", null, null));
        var reply = Run(view, "SET", "k", "v", "XX");
        Assert.Equal(RespReplyKind.Null, reply.Kind);
        Assert.False(view.Changed);
    }

    [Fact]
    public void Set_nx_get_on_a_missing_key_writes_and_answers_nil()
    {
        var view = View(("k", null, null));
        var reply = Run(view, "SET", "k", "v", "NX", "GET");
        Assert.Equal(RespReplyKind.Null, reply.Kind);
        Assert.Equal("v", Text(view.Get("k")));
    }

    [Fact]
    public void Set_get_returns_the_old_value_and_keepttl_keeps_the_deadline()
    {
        var deadline = Now.AddSeconds(30);
        var view = View(("k", "old", deadline));
        Assert.Equal("old", Run(view, "SET", "k", "new", "GET", "KEEPTTL").ToString());
        Assert.Equal("new", Text(view.Get("k")));
        Assert.Equal(deadline, view.ExpiresAt("k"));
        Run(view, "SET", "k", "newer");
        Assert.Null(view.ExpiresAt("k"));
    }

    private static KeyspaceView View(params (string Key, string? Value, DateTimeOffset? ExpiresAt)[] keys) =>
        new([.. keys.Select(k => k.Key)], [.. keys.Select(k => k.Value is null ? null : new StoreEntry(k.Key, Encoding.UTF8.GetBytes(k.Value), 1, k.ExpiresAt, null))], Now);

    private static RespReply Run(KeyspaceView view, params string[] arguments)
    {
        var request = RespRequest.FromText(arguments);
        return RespCommandTable.Default.Find(request[0])!.Apply!(view, request);
    }

    private static string? Text(ReadOnlyMemory<byte>? value) => value is { } v ? Encoding.UTF8.GetString(v.Span) : null;
}
