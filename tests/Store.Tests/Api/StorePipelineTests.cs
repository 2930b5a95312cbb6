using System.Globalization;
using System.Text;
using Actors.Store.Configuration;

namespace Actors.Store.Tests.Api;

/// <summary>
/// The fire-and-forget pipeline: batches per shard, increments folded per batch, and batch arrays that go back to a
/// pool once applied — reused many times over here, so an array handed back too early would show up as a wrong value.
/// </summary>
public sealed class StorePipelineTests
{
    private static Task<StoreHarness> Start(string durability) =>
        StoreHarness.StartAsync(new StoreSettings
        {
            Shards = 4,
            Durability = durability == "none" ? Durability.None : Durability.Batched,
        });

    [Theory]
    [InlineData("none", null)]
    [InlineData("batched", null)]
    [InlineData("none", 1)]
    [InlineData("batched", 1)]
    public async Task Concurrent_pipelines_with_small_batches_apply_every_write_exactly_once(string durability, int? window)
    {
        await using var harness = await Start(durability);
        var store = harness.Store;
        const int Pipelines = 4;
        const int KeysPerPipeline = 2_000;
        const int Rounds = 3;

        // Each pipeline owns its keys; every round sets each key to a value naming the round, then increments a counter
        // key of its own, so the final state says exactly how many writes of each kind were applied.
        await Task.WhenAll(Enumerable.Range(0, Pipelines).Select(p => Task.Run(async () =>
        {
            var pipeline = store.CreatePipeline(batchSize: 7, maxBatchesInFlight: window);
            for (var round = 1; round <= Rounds; round++)
            {
                for (var i = 0; i < KeysPerPipeline; i++)
                {
                    await pipeline.SetOwnedAsync($"p{p}/k{i}", Encoding.UTF8.GetBytes($"p{p}/k{i}@{round}"));
                    await pipeline.IncrementAsync($"p{p}/count");
                }
            }

            await pipeline.FlushAsync();
        })));

        for (var p = 0; p < Pipelines; p++)
        {
            for (var i = 0; i < KeysPerPipeline; i++)
            {
                var entry = await store.GetAsync($"p{p}/k{i}");
                Assert.Equal($"p{p}/k{i}@{Rounds}", Encoding.UTF8.GetString(entry!.Value.Span));
                Assert.Equal(Rounds, entry.Version);
            }

            var count = await store.GetAsync($"p{p}/count");
            Assert.Equal((KeysPerPipeline * Rounds).ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetString(count!.Value.Span));
        }

        Assert.Equal(Pipelines * (KeysPerPipeline + 1), await store.CountAsync());
    }

    [Fact]
    public async Task A_set_between_increments_of_one_key_keeps_its_place()
    {
        await using var harness = await Start("none");
        var pipeline = harness.Store.CreatePipeline(batchSize: 100);
        await pipeline.IncrementAsync("n", 5);
        await pipeline.IncrementAsync("n", 2);
        await pipeline.SetAsync("n", Encoding.UTF8.GetBytes("100"));
        await pipeline.IncrementAsync("n", 1);
        await pipeline.IncrementAsync("n", 1);
        await pipeline.FlushAsync();

        var entry = await harness.Store.GetAsync("n");
        Assert.Equal("102", Encoding.UTF8.GetString(entry!.Value.Span));

        // Folded: 5+2 is one update, the set another, 1+1 a third.
        Assert.Equal(3, entry.Version);
    }

    [Fact]
    public async Task Bad_input_is_refused_before_anything_is_buffered()
    {
        await using var harness = await Start("none");
        var pipeline = harness.Store.CreatePipeline();
        await Assert.ThrowsAsync<InvalidKeyException>(() => pipeline.SetAsync("", Encoding.UTF8.GetBytes("v")).AsTask());
        await Assert.ThrowsAsync<InvalidKeyException>(() => pipeline.IncrementAsync(new string('x', 2_000)).AsTask());
        await pipeline.FlushAsync();
        Assert.Equal(0, await harness.Store.CountAsync());
    }
}
