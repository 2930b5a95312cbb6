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

    [Fact]
    public void Incr_keeps_the_ttl_and_refuses_a_value_that_is_not_an_integer_or_would_overflow()
    {
        var deadline = Now.AddSeconds(30);
        var view = View(("n", "41", deadline), ("text", "abc", null), ("max", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
        Assert.Equal(42, Run(view, "INCR", "n").Integer);
        Assert.Equal(deadline, view.ExpiresAt("n"));
        Assert.Equal("ERR value is not an integer or out of range", Run(view, "INCR", "text").Text);
        Assert.Equal("ERR increment or decrement would overflow", Run(view, "INCR", "max").Text);
        Assert.Equal("ERR value is not an integer or out of range", Run(view, "INCRBY", "n", "1.5").Text);
        Assert.Equal(32, Run(view, "DECRBY", "n", "10").Integer);
    }

    [Fact]
    public void Expire_options_follow_redis_and_a_past_deadline_deletes_the_key()
    {
        var view = View(("k", "v", null), ("gone", null, null));
        Assert.Equal(0, Run(view, "EXPIRE", "gone", "10").Integer);
        Assert.Equal(0, Run(view, "EXPIRE", "k", "10", "XX").Integer);
        Assert.Equal(0, Run(view, "EXPIRE", "k", "10", "GT").Integer);
        Assert.Equal(1, Run(view, "EXPIRE", "k", "10", "NX").Integer);
        Assert.Equal(10, Run(view, "TTL", "k").Integer);
        Assert.Equal(0, Run(view, "EXPIRE", "k", "20", "LT").Integer);
        Assert.Equal(1, Run(view, "PEXPIRE", "k", "5000", "LT").Integer);
        Assert.Equal(5000, Run(view, "PTTL", "k").Integer);
        Assert.Equal(1, Run(view, "PERSIST", "k").Integer);
        Assert.Equal(0, Run(view, "PERSIST", "k").Integer);
        Assert.Equal(-1, Run(view, "TTL", "k").Integer);
        Assert.Equal(-2, Run(view, "TTL", "gone").Integer);
        Assert.StartsWith("ERR NX and XX", Run(view, "EXPIRE", "k", "1", "NX", "XX").Text);
        Assert.Equal(1, Run(view, "EXPIRE", "k", "0").Integer);
        Assert.False(view.Exists("k"));
    }

    [Fact]
    public void The_batch_checks_every_key_read_and_writes_only_the_final_state_of_changed_ones()
    {
        var view = View(("a", "1", null), ("b", null, null), ("c", "x", null));
        Run(view, "INCR", "a");
        Run(view, "INCR", "a");
        Run(view, "SET", "b", "new", "EX", "60");
        Run(view, "DEL", "c");
        var (operations, checkedKeys) = view.ToBatch();
        Assert.Equal(["a", "b", "c"], checkedKeys.Order());
        Assert.Equal(3, operations.OfType<BatchOperation.Check>().Count());
        Assert.Equal(0, operations.OfType<BatchOperation.Check>().Single(c => c.Key == "b").ExpectedVersion);
        var a = operations.OfType<BatchOperation.Set>().Single(s => s.Key == "a");
        Assert.Equal("3", Encoding.UTF8.GetString(a.Value.Span));
        Assert.Equal(TimeSpan.FromSeconds(60), operations.OfType<BatchOperation.Set>().Single(s => s.Key == "b").Options!.Ttl);
        Assert.Single(operations.OfType<BatchOperation.Delete>(), d => d.Key == "c");
    }

    [Fact]
    public void A_key_the_command_did_not_declare_is_a_bug_caught_at_once()
    {
        var view = View(("a", "1", null));
        Assert.Throws<InvalidOperationException>(() => Run(view, "GET", "b"));
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
