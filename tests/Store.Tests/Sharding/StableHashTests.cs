using System.Text;
using Actors.Store.Sharding;

namespace Actors.Store.Tests.Sharding;

public sealed class StableHashTests
{
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Fnv1a64_matches_the_published_test_vectors(string input, ulong expected) =>
        Assert.Equal(expected, StableHash.Fnv1a64(Encoding.UTF8.GetBytes(input)));

    [Fact]
    public void The_mixer_is_SplitMix64s_finaliser()
    {
        Assert.Equal(0UL, StableHash.Mix(0));
        Assert.Equal(0xe220a8397b1dcdafUL, StableHash.Mix(0x9e3779b97f4a7c15UL)); // first SplitMix64 output for seed 0
    }

    // Regression vectors, computed independently (a few lines of Python: FNV-1a 64 then the SplitMix64 finaliser, mod n).
    // They must never change, or every existing store would look for its keys in the wrong shards.
    [Theory]
    [InlineData("user:1", 16, 2)]
    [InlineData("user:2", 16, 0)]
    [InlineData("hello", 16, 15)]
    [InlineData("hello", 7, 0)]
    [InlineData("ключ", 16, 4)]
    [InlineData("user:{42}:name", 16, 2)]
    [InlineData("user:{42}:email", 16, 2)]
    public void Known_keys_map_to_known_shards(string key, int shards, int expected) =>
        Assert.Equal(expected, StableHash.ShardOf(key, shards));

    [Fact]
    public void A_hash_tag_decides_the_shard_and_an_empty_tag_does_not()
    {
        Assert.Equal(StableHash.Hash("42"), StableHash.Hash("user:{42}:name"));
        Assert.Equal(StableHash.Hash("{}x"), StableHash.Hash("{}x"));
        Assert.NotEqual(StableHash.Hash("x"), StableHash.Hash("{}x"));
    }

    [Fact]
    public void Keys_spread_evenly_over_shards()
    {
        var counts = new int[16];
        for (var i = 0; i < 160_000; i++)
        {
            counts[StableHash.ShardOf($"key-{i}", 16)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }
}
