using System.Collections.Concurrent;
using System.Text;
using Actors.Store.Configuration;

namespace Actors.Store.Tests.Api;

public sealed class StoreOverloadTests
{
    [Fact]
    public async Task A_bounded_store_far_beyond_capacity_refuses_explicitly_and_every_operation_is_accounted_for()
    {
        const string system = """tiny { mailbox-type = "Actors.Dispatch.BoundedAnsweringMailbox, Actors", mailbox-capacity = 8, overflow-policy = reject }""";
        await using var harness = await StoreHarness.StartAsync(
            new StoreSettings { Shards = 2, Durability = Durability.Batched, Mailbox = "tiny" }, system);
        var store = harness.Store;
        var acknowledged = new ConcurrentDictionary<string, long>();
        var rejected = new ConcurrentBag<string>();

        // 64 concurrent writers with many requests each in flight: far more than 2 shards × 8 slots.
        await Task.WhenAll(Enumerable.Range(0, 64).Select(writer => Task.Run(async () =>
        {
            var pending = Enumerable.Range(0, 50).Select(async i =>
            {
                var key = $"w{writer}-{i}";
                try
                {
                    var result = await store.SetAsync(key, Encoding.UTF8.GetBytes(key));
                    acknowledged[key] = result.Version;
                }
                catch (StoreOverloadedException overloaded)
                {
                    Assert.Contains("overloaded", overloaded.Message);
                    rejected.Add(key);
                }
            });
            await Task.WhenAll(pending);
        })));

        Assert.NotEmpty(rejected);
        Assert.NotEmpty(acknowledged);
        Assert.Equal(64 * 50, acknowledged.Count + rejected.Count);
        Assert.Empty(acknowledged.Keys.Intersect(rejected));

        // Reconcile: every acknowledged write is present; no rejected write was applied.
        var present = await store.GetManyAsync(acknowledged.Keys.ToArray());
        Assert.All(present, entry => Assert.NotNull(entry));
        foreach (var chunk in rejected.Chunk(4))
        {
            // Reads can be refused too under load; retry until the shard takes them.
            while (true)
            {
                try
                {
                    Assert.All(await store.GetManyAsync(chunk), entry => Assert.Null(entry));
                    break;
                }
                catch (StoreOverloadedException)
                {
                    await Task.Yield();
                }
            }
        }
    }
}
