using Actors.Store.Configuration;

namespace Actors.Store.Tests.Api;


/// <summary>
/// What the store reclaims by itself, seen through its public figures: an expired key stops taking memory once the
/// sweep has run (until then it is only invisible), and a deleted key's tombstone is reclaimed after
/// <c>store.tombstone-retention</c> — without versions ever going back, in memory or after a restart.
/// </summary>
public sealed class StoreHousekeepingTests
{
    public static TheoryData<string> Durabilities => ["none", "batched"];

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static StoreSettings Settings(string durability, TimeSpan sweep, TimeSpan retention) => new()
    {
        Shards = 2,
        Durability = durability == "none" ? Durability.None : Durability.Batched,
        TtlSweepInterval = sweep,
        TombstoneRetention = retention,
    };

    [Theory]
    [MemberData(nameof(Durabilities))]
    public async Task An_expired_key_is_invisible_at_once_and_its_memory_is_reclaimed_by_the_sweep(string durability)
    {
        await using var harness = await StoreHarness.StartAsync(Settings(durability, TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(1)));
        var store = harness.Store;
        var value = new byte[4096];
        var (sent, done) = await SetWithTtlAsync(store, "session", value, Ttl);
        await AssertHeldBeforeAsync(store, sent + Ttl, value.Length);

        // Invisible from the deadline on, whether or not a sweep has run yet.
        await WaitUntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow >= done + Ttl), "the deadline");
        Assert.Null(await store.GetAsync("session"));
        Assert.Equal(0, (await store.StatsAsync()).Keys);

        // The sweep turns it into a tombstone that keeps its version, and gives back the value's memory.
        await WaitUntilAsync(async () => await store.StatsAsync() is { Bytes: 0 } stats && stats.Shards.Sum(s => s.Tombstones) == 1, "the sweep to reclaim the expired key");
        Assert.Equal(WriteResult.Written(2, created: true), await store.SetAsync("session", value));
    }

    [Theory]
    [MemberData(nameof(Durabilities))]
    public async Task Without_a_sweep_an_expired_key_still_holds_its_memory(string durability)
    {
        // The control for the test above: what gives the memory back is the sweep, not the read.
        await using var harness = await StoreHarness.StartAsync(Settings(durability, TimeSpan.FromHours(1), TimeSpan.FromHours(1)));
        var store = harness.Store;
        var (_, done) = await SetWithTtlAsync(store, "session", new byte[4096], Ttl);
        await WaitUntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow >= done + Ttl), "the deadline");
        Assert.Null(await store.GetAsync("session"));
        Assert.True((await store.StatsAsync()).Bytes >= 4096);
    }

    [Theory]
    [MemberData(nameof(Durabilities))]
    public async Task A_tombstone_is_kept_for_its_retention_then_reclaimed_and_versions_keep_rising(string durability)
    {
        var directory = StoreHarness.NewDirectory();
        try
        {
            await using (var harness = await StoreHarness.StartAsync(Settings(durability, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300)), directory: directory))
            {
                var store = harness.Store;
                await store.SetAsync("k", new byte[] { 1 });
                await store.SetAsync("k", new byte[] { 2 });
                Assert.Equal(3, (await store.DeleteAsync("k")).Version);
                Assert.Equal(1, Tombstones(await store.StatsAsync()));

                await WaitUntilAsync(async () => Tombstones(await store.StatsAsync()) == 0, "the tombstone to be reclaimed");

                // Reclaimed, yet a re-created key continues above every version it had.
                var recreated = await store.SetAsync("k", new byte[] { 3 });
                Assert.True(recreated.Created && recreated.Version > 3, $"re-created at version {recreated.Version}, not above 3");
                Assert.Equal(recreated.Version, (await store.GetAsync("k"))!.Version);
                Assert.True((await store.DeleteAsync("k")).Deleted);
            }

            if (durability == "none")
            {
                return;
            }

            await using var restarted = await StoreHarness.StartAsync(Settings(durability, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300)), directory: directory);
            Assert.Null(await restarted.Store.GetAsync("k"));
            Assert.True((await restarted.Store.SetAsync("k", new byte[] { 4 })).Version > 5, "a version went back after a restart");
        }
        finally
        {
            StoreHarness.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task Within_its_retention_a_tombstone_keeps_the_version_exactly()
    {
        await using var harness = await StoreHarness.StartAsync(Settings("none", TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(1)));
        var store = harness.Store;
        await store.SetAsync("k", new byte[] { 1 });
        await store.DeleteAsync("k");

        // Several sweeps later the tombstone is still there, and the key continues from it.
        var sweeps = DateTime.UtcNow + TimeSpan.FromMilliseconds(300);
        await WaitUntilAsync(() => Task.FromResult(DateTime.UtcNow >= sweeps), "a few sweeps");
        Assert.Equal(1, Tombstones(await store.StatsAsync()));
        Assert.Equal(WriteResult.Written(3, created: true), await store.SetAsync("k", new byte[] { 2 }));
    }

    private static readonly TimeSpan Ttl = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Sets with a TTL; the store's deadline lies between <c>sent + ttl</c> and <c>done + ttl</c>, so the test
    /// needs no read-back that a slow machine could make after the deadline.
    /// </summary>
    private static async Task<(DateTimeOffset Sent, DateTimeOffset Done)> SetWithTtlAsync(ActorStateStore store, string key, byte[] value, TimeSpan ttl)
    {
        var sent = DateTimeOffset.UtcNow;
        await store.SetAsync(key, value, new SetOptions { Ttl = ttl });
        return (sent, DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(20));
    }

    /// <summary>If the stats were read before the earliest possible deadline, the value must still be held.</summary>
    private static async Task AssertHeldBeforeAsync(ActorStateStore store, DateTimeOffset earliestDeadline, int bytes)
    {
        var stats = await store.StatsAsync();
        if (DateTimeOffset.UtcNow < earliestDeadline)
        {
            Assert.True(stats.Bytes >= bytes, $"only {stats.Bytes} bytes held before the deadline");
        }
    }

    private static long Tombstones(StoreStats stats) => stats.Shards.Sum(s => s.Tombstones);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {Bound} for {what}");
            await Task.Delay(20);
        }
    }
}
