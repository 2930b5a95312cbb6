using System.Text;
using Actors.Host.Tests.Infrastructure;
using StackExchange.Redis;

namespace Actors.Host.Tests.Resp;

/// <summary>StackExchange.Redis, a real and widely used client, against a real serve: it must connect and every command behave as on Redis.</summary>
public sealed class StackExchangeRedisTests(StackExchangeRedisTests.Server server) : IClassFixture<StackExchangeRedisTests.Server>
{
    private IDatabase Db => server.Redis.GetDatabase();

    [Fact]
    public async Task Values_round_trip_byte_for_byte_and_a_missing_key_is_null()
    {
        var value = new byte[] { 0, 1, 13, 10, 255, 128, 42 };
        Assert.True(await Db.StringSetAsync("se:binary", value));
        Assert.Equal(value, (byte[]?)await Db.StringGetAsync("se:binary"));
        Assert.True((await Db.StringGetAsync("se:missing")).IsNull);
    }

    [Fact]
    public async Task Set_options_follow_redis_nx_xx_get_and_keepttl()
    {
        Assert.False(await Db.StringSetAsync("se:xx", "v", when: When.Exists));
        Assert.False(await Db.KeyExistsAsync("se:xx"));
        Assert.True(await Db.StringSetAsync("se:nx", "first", when: When.NotExists));
        Assert.False(await Db.StringSetAsync("se:nx", "second", when: When.NotExists));
        Assert.Equal("first", await Db.StringGetAsync("se:nx"));
        Assert.True(await Db.StringSetAsync("se:nx", "third", when: When.Exists));

        Assert.Equal("third", await Db.StringSetAndGetAsync("se:nx", "fourth"));
        Assert.Equal("fourth", await Db.StringGetAsync("se:nx"));

        Assert.True(await Db.StringSetAsync("se:ttl", "v", TimeSpan.FromSeconds(100)));
        Assert.InRange((await Db.KeyTimeToLiveAsync("se:ttl"))!.Value.TotalSeconds, 90, 100);
        Assert.True(await Db.StringSetAsync("se:ttl", "kept", expiry: null, keepTtl: true));
        Assert.NotNull(await Db.KeyTimeToLiveAsync("se:ttl"));
        Assert.True(await Db.StringSetAsync("se:ttl", "cleared"));
        Assert.Null(await Db.KeyTimeToLiveAsync("se:ttl"));
    }

    [Fact]
    public async Task Counters_increment_atomically_and_refuse_text()
    {
        Assert.Equal(1, await Db.StringIncrementAsync("se:counter"));
        Assert.Equal(11, await Db.StringIncrementAsync("se:counter", 10));
        Assert.Equal(8, await Db.StringDecrementAsync("se:counter", 3));
        Assert.Equal(7, await Db.StringDecrementAsync("se:counter"));

        await Db.StringSetAsync("se:text", "abc");
        var error = await Assert.ThrowsAsync<RedisServerException>(() => Db.StringIncrementAsync("se:text"));
        Assert.Contains("not an integer", error.Message);
    }

    [Fact]
    public async Task Concurrent_pipelined_increments_lose_nothing()
    {
        var increments = Enumerable.Range(0, 2000).Select(_ => Db.StringIncrementAsync("se:pipelined")).ToArray();
        var results = await Task.WhenAll(increments);
        Assert.Equal(2000, await Db.StringGetAsync("se:pipelined"));
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => (long)i), results.Order());
    }

    [Fact]
    public async Task Expire_persist_and_ttl_behave_as_on_redis()
    {
        Assert.False(await Db.KeyExpireAsync("se:none", TimeSpan.FromSeconds(10)));
        Assert.Null(await Db.KeyTimeToLiveAsync("se:none"));

        await Db.StringSetAsync("se:expiring", "v");
        Assert.True(await Db.KeyExpireAsync("se:expiring", TimeSpan.FromSeconds(50)));
        Assert.InRange((await Db.KeyTimeToLiveAsync("se:expiring"))!.Value.TotalSeconds, 40, 50);
        Assert.True(await Db.KeyPersistAsync("se:expiring"));
        Assert.False(await Db.KeyPersistAsync("se:expiring"));
        Assert.Null(await Db.KeyTimeToLiveAsync("se:expiring"));
        Assert.Equal("v", await Db.StringGetAsync("se:expiring"));

        await Db.StringSetAsync("se:short", "v", TimeSpan.FromMilliseconds(200));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await Db.KeyExistsAsync("se:short"))
        {
            Assert.True(DateTime.UtcNow < deadline, "a key with a 200 ms TTL was still there after 10 s");
            await Task.Delay(20);
        }

        Assert.True((await Db.StringGetAsync("se:short")).IsNull);
    }

    [Fact]
    public async Task Multi_key_commands_count_like_redis_and_mset_needs_one_shard()
    {
        Assert.True(await Db.StringSetAsync([new("{se}a", "1"), new("{se}b", "2")]));
        Assert.Equal(["1", "2", null], (await Db.StringGetAsync(["{se}a", "{se}b", "{se}c"])).Select(v => (string?)v));
        Assert.Equal(2, await Db.KeyExistsAsync(["{se}a", "{se}b", "{se}c"]));
        Assert.Equal(2, await Db.KeyDeleteAsync(["{se}a", "{se}b", "{se}c"]));

        var crossShard = Enumerable.Range(0, 16).Select(i => new KeyValuePair<RedisKey, RedisValue>($"se:spread:{i}", "v")).ToArray();
        var error = await Assert.ThrowsAsync<RedisServerException>(() => Db.StringSetAsync(crossShard));
        Assert.StartsWith("CROSSSLOT", error.Message);
    }

    [Fact]
    public async Task A_transaction_with_a_condition_commits_only_while_the_condition_holds()
    {
        await Db.StringSetAsync("{se:tx}balance", "100");
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual("{se:tx}balance", "100"));
        var debit = transaction.StringDecrementAsync("{se:tx}balance", 30);
        var log = transaction.StringSetAsync("{se:tx}last", "debit 30");
        Assert.True(await transaction.ExecuteAsync());
        Assert.Equal(70, await debit);
        Assert.True(await log);

        var stale = Db.CreateTransaction();
        stale.AddCondition(Condition.StringEqual("{se:tx}balance", "100"));
        _ = stale.StringDecrementAsync("{se:tx}balance", 30);
        Assert.False(await stale.ExecuteAsync());
        Assert.Equal(70, await Db.StringGetAsync("{se:tx}balance"));
    }

    [Fact]
    public async Task Scan_by_prefix_visits_every_key_once()
    {
        var keys = Enumerable.Range(0, 57).Select(i => $"se:scan:{i}").ToArray();
        await Task.WhenAll(keys.Select(k => Db.StringSetAsync(k, "v")));
        var server1 = server.Redis.GetServer(server.Redis.GetEndPoints()[0]);
        var found = new List<string>();
        await foreach (var key in server1.KeysAsync(pattern: "se:scan:*", pageSize: 10))
        {
            found.Add(key!);
        }

        Assert.Equal(keys.Order(), found.Order());
        Assert.True(await server1.DatabaseSizeAsync() >= 57);
        Assert.Contains(server1.Info("keyspace").SelectMany(g => g), p => p.Key == "db0");
    }

    [Fact]
    public async Task A_resp3_connection_works_the_same()
    {
        await using var resp3 = await ConnectionMultiplexer.ConnectAsync(Server.Options(server.Port, RedisProtocol.Resp3));
        var db = resp3.GetDatabase();
        Assert.True(await db.StringSetAsync("se:resp3", "v", TimeSpan.FromSeconds(30)));
        Assert.Equal("v", await db.StringGetAsync("se:resp3"));
        Assert.True((await db.StringGetAsync("se:resp3:missing")).IsNull);
        Assert.Equal(RedisProtocol.Resp3, resp3.GetServer(resp3.GetEndPoints()[0]).Protocol);
    }

    [Fact]
    public async Task An_unknown_command_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() => Db.ExecuteAsync("HSET", "h", "f", "v"));
        Assert.StartsWith("ERR unknown command 'HSET'", error.Message);
        Assert.Equal("pong", (string?)await Db.ExecuteAsync("PING", Encoding.UTF8.GetBytes("pong")));
    }

    /// <summary>serve with RESP on, and one multiplexer shared by the class's tests, as an application would share it.</summary>
    public sealed class Server : RespServe, IAsyncLifetime
    {
        public ConnectionMultiplexer Redis { get; private set; } = null!;

        public static ConfigurationOptions Options(int port, RedisProtocol protocol = RedisProtocol.Resp2) => new()
        {
            EndPoints = { { "127.0.0.1", port } },
            Protocol = protocol,
            AbortOnConnectFail = true,
            ConnectTimeout = 15_000,
            SyncTimeout = 15_000,
            AsyncTimeout = 15_000,
            AllowAdmin = true,
        };

        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            Redis = await ConnectionMultiplexer.ConnectAsync(Options(Port));
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            if (Redis is not null)
            {
                await Redis.DisposeAsync();
            }

            await DisposeAsync();
        }
    }
}
