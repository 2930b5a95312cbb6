using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.Resp;

/// <summary>FLUSHDB where the operator allowed it (store.resp.flushdb-enabled = on).</summary>
public sealed class RespFlushDbTests(RespFlushDbTests.Server server) : IClassFixture<RespFlushDbTests.Server>
{
    [Fact]
    public async Task Flushdb_deletes_every_key_and_a_new_write_starts_afresh()
    {
        await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
        for (var i = 0; i < 2500; i++)
        {
            await client.SendAsync(RawRespClient.Frame("SET", $"flush:{i}", "v"));
        }

        for (var i = 0; i < 2500; i++)
        {
            Assert.Equal("+OK", await client.ReadAsync());
        }

        Assert.Equal(":2500", await client.CallAsync("DBSIZE"));
        Assert.Equal("+OK", await client.CallAsync("FLUSHDB"));
        Assert.Equal(":0", await client.CallAsync("DBSIZE"));
        Assert.Equal("$-1", await client.CallAsync("GET", "flush:7"));
        Assert.Equal("+OK", await client.CallAsync("SET", "flush:7", "again"));
        Assert.Equal(":1", await client.CallAsync("DBSIZE"));
    }

    public sealed class Server : RespServe
    {
        protected override IEnumerable<string> Defines => ["store.resp.flushdb-enabled=on"];
    }
}
