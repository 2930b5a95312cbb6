using Actors.Host.Cluster;
using Actors.Store.Sharding;

namespace Actors.Host.Tests.Cluster;

public sealed class ShardProbeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(64)]
    public void There_is_one_probe_key_per_shard_and_each_hashes_to_its_shard(int shards)
    {
        var keys = ShardProbe.KeysPerShard("probe/x/", shards);
        Assert.Equal(shards, keys.Length);
        Assert.Equal(shards, keys.Distinct().Count());
        for (var shard = 0; shard < shards; shard++)
        {
            Assert.Equal(shard, StableHash.ShardOf(keys[shard], shards));
        }
    }

    [Fact]
    public void Gap_quantiles_are_nearest_rank_over_the_shards_and_the_text_names_moved_and_lost_shards()
    {
        static ShardProbeReport.Shard Shard(int id, int gapMs, bool moved = false, bool lost = false) =>
            new(id, $"k{id}", "a", moved ? "b" : "a", moved, 100, 0, TimeSpan.FromMilliseconds(gapMs), TimeSpan.FromSeconds(1), lost, null);
        var shards = Enumerable.Range(0, 100).Select(i => Shard(i, i + 1, moved: i >= 98, lost: i == 5)).ToArray();
        var report = new ShardProbeReport(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20), shards, []);

        Assert.Equal(TimeSpan.FromMilliseconds(50), ShardProbeReport.GapQuantile(shards, 0.5));
        Assert.Equal(TimeSpan.FromMilliseconds(99), ShardProbeReport.GapQuantile(shards, 0.99));
        Assert.Equal(TimeSpan.FromMilliseconds(100), ShardProbeReport.GapQuantile(shards, 1));
        Assert.Equal(TimeSpan.Zero, ShardProbeReport.GapQuantile([], 0.99));
        Assert.Equal(1, report.LostShards);

        var text = report.ToText();
        Assert.Contains("the 2 shards that changed owner: p50 99 ms  p99 100 ms", text, StringComparison.Ordinal);
        Assert.Contains("1 shards lost an acknowledged write", text, StringComparison.Ordinal);
        Assert.Contains("LOST A WRITE", text, StringComparison.Ordinal);
    }
}
