using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.Resp;

/// <summary>The wire behaviour of a real serve's RESP listener: pipelining, bad frames, transactions, QUIT.</summary>
public sealed class RespConnectionTests(RespServe server) : IClassFixture<RespServe>
{
    [Fact]
    public async Task Pipelined_commands_sent_in_pieces_are_answered_in_order()
    {
        await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
        var frames = new List<byte>();
        for (var i = 0; i < 200; i++)
        {
            frames.AddRange(RawRespClient.Frame("SET", $"pipe:{i}", $"v{i}"));
            frames.AddRange(RawRespClient.Frame("INCR", "pipe:counter"));
            frames.AddRange(RawRespClient.Frame("GET", $"pipe:{i}"));
        }

        // Cut at awkward places: mid-header, mid-bulk, between CR and LF.
        var bytes = frames.ToArray();
        for (var at = 0; at < bytes.Length; at += 37)
        {
            await client.SendAsync(bytes[at..Math.Min(bytes.Length, at + 37)]);
        }

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal("+OK", await client.ReadAsync());
            Assert.Equal($":{i + 1}", await client.ReadAsync());
            Assert.Equal($"v{i}", await client.ReadAsync());
        }
    }

    [Fact]
    public async Task A_malformed_frame_gets_an_error_and_closes_only_its_own_connection()
    {
        await using var bystander = await RawRespClient.ConnectAsync(server.Endpoint);
        Assert.Equal("+OK", await bystander.CallAsync("SET", "bystander", "1"));

        await using var bad = await RawRespClient.ConnectAsync(server.Endpoint);
        await bad.SendAsync(RawRespClient.Frame("PING"));
        await bad.SendAsync("*2\r\n$3\r\nGET\r\n$-7\r\n");
        Assert.Equal("+PONG", await bad.ReadAsync());
        Assert.StartsWith("-ERR Protocol error: invalid bulk length -7", await bad.ReadAsync());
        Assert.True(await bad.ClosedByServerAsync());

        Assert.Equal(":2", await bystander.CallAsync("INCR", "bystander"));
    }

    [Fact]
    public async Task A_huge_bulk_string_is_refused_from_its_header_without_waiting_for_its_bytes()
    {
        await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
        await client.SendAsync("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1073741824\r\n");
        Assert.Contains("max-bulk-bytes", await client.ReadAsync());
        Assert.True(await client.ClosedByServerAsync());
    }

    [Fact]
    public async Task Random_garbage_never_takes_the_server_down()
    {
        var random = new Random(42);
        for (var round = 0; round < 20; round++)
        {
            await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
            var garbage = new byte[random.Next(1, 4096)];
            random.NextBytes(garbage);
            if (round % 2 == 0)
            {
                garbage[0] = (byte)'*';
            }

            await client.SendAsync(garbage);
        }

        await using var healthy = await RawRespClient.ConnectAsync(server.Endpoint);
        Assert.Equal("+PONG", await healthy.CallAsync("PING"));
        Assert.False(server.Serve.HasExited);
    }

    [Fact]
    public async Task Inline_commands_work_as_typed_into_telnet()
    {
        await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
        await client.SendAsync("SET inline:k hello\r\nGET inline:k\r\n");
        Assert.Equal("+OK", await client.ReadAsync());
        Assert.Equal("hello", await client.ReadAsync());
    }

    [Fact]
    public async Task Unknown_commands_and_wrong_arity_are_errors_that_keep_the_connection()
    {
        await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
        Assert.Equal("-ERR unknown command 'HSET', with args beginning with: 'h' 'f' 'v'", await client.CallAsync("HSET", "h", "f", "v"));
        Assert.Equal("-ERR wrong number of arguments for 'get' command", await client.CallAsync("GET"));
        Assert.Equal("-ERR syntax error", await client.CallAsync("SET", "k", "v", "EX", "10", "PX", "5"));
        Assert.Equal("-ERR invalid expire time in 'set' command", await client.CallAsync("SET", "k", "v", "EX", "0"));
        Assert.Equal("+PONG", await client.CallAsync("PING"));
    }

    [Fact]
    public async Task Exec_applies_the_queued_commands_atomically_and_answers_each()
    {
        await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
        Assert.Equal("+OK", await client.CallAsync("SET", "{tx}n", "10"));
        Assert.Equal("+OK", await client.CallAsync("MULTI"));
        Assert.Equal("+QUEUED", await client.CallAsync("INCRBY", "{tx}n", "5"));
        Assert.Equal("+QUEUED", await client.CallAsync("GET", "{tx}n"));
        Assert.Equal("+QUEUED", await client.CallAsync("SET", "{tx}other", "x", "EX", "100"));
        Assert.Equal("+QUEUED", await client.CallAsync("INCR", "{tx}other"));
        Assert.Equal("+QUEUED", await client.CallAsync("DEL", "{tx}n"));
        Assert.Equal("[:15, 15, +OK, -ERR value is not an integer or out of range, :1]", await client.CallAsync("EXEC"));
        Assert.Equal("$-1", await client.CallAsync("GET", "{tx}n"));
        Assert.Equal("x", await client.CallAsync("GET", "{tx}other"));
    }

    [Fact]
    public async Task Exec_after_a_watched_key_changed_aborts_with_a_null_array()
    {
        await using var first = await RawRespClient.ConnectAsync(server.Endpoint);
        await using var second = await RawRespClient.ConnectAsync(server.Endpoint);
        Assert.Equal("+OK", await first.CallAsync("SET", "{w}k", "1"));
        Assert.Equal("+OK", await first.CallAsync("WATCH", "{w}k"));
        Assert.Equal("+OK", await second.CallAsync("SET", "{w}k", "2"));
        Assert.Equal("+OK", await first.CallAsync("MULTI"));
        Assert.Equal("+QUEUED", await first.CallAsync("SET", "{w}k", "3"));
        Assert.Equal("*-1", await first.CallAsync("EXEC"));
        Assert.Equal("2", await first.CallAsync("GET", "{w}k"));

        // Unchanged since WATCH: it applies (and the watch is gone after EXEC).
        Assert.Equal("+OK", await first.CallAsync("WATCH", "{w}k"));
        Assert.Equal("+OK", await first.CallAsync("MULTI"));
        Assert.Equal("+QUEUED", await first.CallAsync("SET", "{w}k", "3"));
        Assert.Equal("[+OK]", await first.CallAsync("EXEC"));
        Assert.Equal("3", await second.CallAsync("GET", "{w}k"));
    }

    [Fact]
    public async Task A_transaction_across_shards_or_with_a_bad_command_is_discarded()
    {
        await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
        Assert.Equal("+OK", await client.CallAsync("MULTI"));
        Assert.Equal("+QUEUED", await client.CallAsync("SET", "{a}1", "x"));
        Assert.StartsWith("-CROSSSLOT", await client.CallAsync("SET", "{b}1", "x"));
        Assert.Equal("-EXECABORT Transaction discarded because of previous errors.", await client.CallAsync("EXEC"));
        Assert.Equal("$-1", await client.CallAsync("GET", "{a}1"));

        Assert.Equal("+OK", await client.CallAsync("MULTI"));
        Assert.StartsWith("-ERR unknown command", await client.CallAsync("NOPE"));
        Assert.Equal("-ERR MULTI calls can not be nested", await client.CallAsync("MULTI"));
        Assert.Equal("+OK", await client.CallAsync("DISCARD"));
        Assert.Equal("-ERR EXEC without MULTI", await client.CallAsync("EXEC"));
    }

    [Fact]
    public async Task Mset_across_shards_is_refused_whole_and_within_a_shard_is_applied_whole()
    {
        await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
        var keys = Enumerable.Range(0, 16).Select(i => $"mset:{i}").ToArray();
        var reply = await client.CallAsync(["MSET", .. keys.SelectMany(k => new[] { k, "v" })]);
        Assert.StartsWith("-CROSSSLOT", reply);
        Assert.Equal(":0", await client.CallAsync(["EXISTS", .. keys]));

        Assert.Equal("+OK", await client.CallAsync("MSET", "{m}a", "1", "{m}b", "2", "{m}a", "3"));
        Assert.Equal("[3, 2, $-1]", await client.CallAsync("MGET", "{m}a", "{m}b", "{m}c"));
    }

    [Fact]
    public async Task Hello_3_switches_the_connection_to_resp3()
    {
        await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
        await client.SendAsync(RawRespClient.Frame("GET", "hello:missing"));
        await client.SendAsync(RawRespClient.Frame("HELLO", "3"));
        await client.SendAsync(RawRespClient.Frame("GET", "hello:missing"));
        Assert.Equal("$-1", await client.ReadAsync());
        Assert.Contains("proto, :3", await client.ReadAsync());
        Assert.Equal("_", await client.ReadAsync());
        Assert.Equal("-NOPROTO unsupported protocol version", await client.CallAsync("HELLO", "4"));
    }

    [Fact]
    public async Task Quit_answers_ok_and_closes()
    {
        await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
        await client.SendAsync([.. RawRespClient.Frame("QUIT"), .. RawRespClient.Frame("PING")]);
        Assert.Equal("+OK", await client.ReadAsync());
        Assert.True(await client.ClosedByServerAsync());
    }

    [Fact]
    public async Task Flushdb_is_refused_unless_enabled()
    {
        await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
        Assert.Contains("flushdb-enabled", await client.CallAsync("FLUSHDB"));
        Assert.Equal("+OK", await client.CallAsync("SELECT", "0"));
        Assert.StartsWith("-ERR DB index is out of range", await client.CallAsync("SELECT", "1"));
        Assert.Contains("db0:keys=", await client.CallAsync("INFO", "keyspace"));
        Assert.Equal("-ERR A key must not be empty.", await client.CallAsync("GET", ""));
    }
}
