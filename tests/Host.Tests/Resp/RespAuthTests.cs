using Actors.Host.Tests.Infrastructure;
using StackExchange.Redis;

namespace Actors.Host.Tests.Resp;

/// <summary>With a bearer token configured, RESP clients must AUTH with it before anything else.</summary>
public sealed class RespAuthTests(RespAuthTests.Server server) : IClassFixture<RespAuthTests.Server>
{
    private const string Token = "resp-test-token-0123456789abcdef";

    [Fact]
    public async Task Commands_before_auth_are_refused_and_a_wrong_password_is_refused()
    {
        await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
        Assert.Equal("-NOAUTH Authentication required.", await client.CallAsync("GET", "k"));
        Assert.Equal("-NOAUTH Authentication required.", await client.CallAsync("PING"));
        Assert.StartsWith("-WRONGPASS", await client.CallAsync("AUTH", "not-the-token-at-all"));
        Assert.StartsWith("-WRONGPASS", await client.CallAsync("AUTH", "someone", Token));
        Assert.StartsWith("-NOAUTH", await client.CallAsync("HELLO", "3"));
        Assert.Equal("+OK", await client.CallAsync("AUTH", Token));
        Assert.Equal("+PONG", await client.CallAsync("PING"));
    }

    [Fact]
    public async Task Hello_can_authenticate_and_switch_protocol_at_once()
    {
        await using var client = await RawRespClient.ConnectAsync(server.Endpoint);
        Assert.Contains("proto, :3", await client.CallAsync("HELLO", "3", "AUTH", "default", Token));
        Assert.Equal("_", await client.CallAsync("GET", "auth:missing"));
    }

    [Fact]
    public async Task StackExchange_redis_connects_with_the_token_as_password()
    {
        var options = StackExchangeRedisTests.Server.Options(server.Port);
        options.Password = Token;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        Assert.True(await redis.GetDatabase().StringSetAsync("auth:k", "v"));
        Assert.Equal("v", await redis.GetDatabase().StringGetAsync("auth:k"));
    }

    public sealed class Server : RespServe
    {
        protected override IDictionary<string, string>? Environment => new Dictionary<string, string> { ["ACTORS_HOST_TOKEN"] = Token };
    }
}
