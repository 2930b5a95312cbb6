using System.Buffers;
using System.Text;
using Actors.Store.Client;
using Actors.Store.Configuration;
using Actors.Store.Shards;

namespace Actors.Store.Tests.Api;

/// <summary>
/// A pipeline's window: at most so many batches on their way to the shards, each place given back exactly once —
/// by the shard that applied the batch (with its array, for reuse), by the dead-letter path for a batch that never
/// reached a shard (counted as lost), or by the sender that saw the store refuse it. What a writer sees of those paths
/// through the store — an evicted batch reported by the flush with its number, a refused batch failing its write — is
/// tested in <see cref="StoreCallLimitsTests"/>.
/// </summary>
public sealed class PipelineWindowTests
{
    private static PostedBatch Batch(PipelineWindow window, ArrayPool<PostedOperation> pool, int count) =>
        new(pool.Rent(count), count, window);

    [Fact]
    public async Task A_full_window_makes_the_next_batch_wait_until_one_is_released_and_each_place_comes_back_once()
    {
        var pool = ArrayPool<PostedOperation>.Create(maxArrayLength: 1024, maxArraysPerBucket: 8);
        var window = new PipelineWindow(2, pool);
        await window.EnterAsync(CancellationToken.None);
        var first = Batch(window, pool, 3);
        await window.EnterAsync(CancellationToken.None);
        var second = Batch(window, pool, 3);

        var third = window.EnterAsync(CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        Assert.Equal(2, window.InFlight);

        first.Operations[0] = new PostedOperation("k", [1, 2], 0);
        first.Applied();
        await third.WaitAsync(TimeSpan.FromSeconds(10));

        // The array comes back for reuse cleared, so the pool keeps no keys or values alive.
        var reused = pool.Rent(3);
        Assert.Same(first.Operations, reused);
        Assert.All(reused, operation => Assert.Equal(default, operation));

        // Released however many times, by whichever path: one place back, and a kept array is not reused.
        second.NotDelivered(new InvalidOperationException("refused"), countAsLost: false);
        second.NotDelivered(new InvalidOperationException("refused"), countAsLost: false);
        second.Applied();
        Assert.Equal(1, window.InFlight);
        Assert.NotSame(second.Operations, pool.Rent(3));
        Assert.Equal((0, null), window.TakeUndelivered());
    }

    [Fact]
    public async Task Waiting_for_a_place_honours_cancellation()
    {
        var window = new PipelineWindow(1, ArrayPool<PostedOperation>.Create(maxArrayLength: 1024, maxArraysPerBucket: 1));
        await window.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = window.EnterAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(1, window.InFlight);
    }

    [Fact]
    public async Task A_pipeline_whose_store_refuses_a_batch_gets_the_place_back_and_the_error()
    {
        await using var harness = await StoreHarness.StartAsync(new StoreSettings { Shards = 2, Durability = Durability.None });
        var pipeline = harness.Store.CreatePipeline(batchSize: 1, maxBatchesInFlight: 1);
        Assert.Equal(1, pipeline.MaxBatchesInFlight);
        await pipeline.SetAsync("before", Encoding.UTF8.GetBytes("v"));
        await pipeline.FlushAsync();
        Assert.Equal(0, pipeline.BatchesInFlight);

        await harness.StopAsync();
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await pipeline.SetAsync("after", Encoding.UTF8.GetBytes("v")));
        Assert.Equal(0, pipeline.BatchesInFlight);
    }

    [Fact]
    public async Task The_default_window_is_twice_the_shards_and_at_least_eight()
    {
        await using var small = await StoreHarness.StartAsync(new StoreSettings { Shards = 2, Durability = Durability.None });
        Assert.Equal(8, small.Store.CreatePipeline().MaxBatchesInFlight);
        await using var large = await StoreHarness.StartAsync(new StoreSettings { Shards = 16, Durability = Durability.None });
        Assert.Equal(32, large.Store.CreatePipeline().MaxBatchesInFlight);
        Assert.Throws<ArgumentOutOfRangeException>(() => large.Store.CreatePipeline(maxBatchesInFlight: 0));
    }
}
