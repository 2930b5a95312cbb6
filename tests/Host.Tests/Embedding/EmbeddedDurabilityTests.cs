using System.Globalization;
using System.Text;
using Actors.Configuration;
using Actors.Host.Tests.Infrastructure;
using Actors.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Actors.Host.Tests.Embedding;


/// <summary>
/// A worker service embedding a durable store (SQLite, batched) through <c>AddActorStore</c>. The documented contract:
/// when the host stops, the store refuses new work, drains what it has accepted, flushes its journal and closes. So a
/// new host on the same data directory finds every acknowledged write, and also every write handed over
/// fire-and-forget before the stop — <c>PostSetAsync</c>/<c>PostIncrementAsync</c> (accepted once they return) and a
/// pipeline's sent batches — although nobody called <c>FlushAsync</c>, and although the disk is slow when the stop
/// begins. (A pipeline's writes still buffered in the writer, not yet sent, are the writer's to flush; they are not
/// part of the contract.)
/// </summary>
public sealed class EmbeddedDurabilityTests
{
    private const int Posted = 4000;
    private const int PostedIncrements = 500;
    private const int Piped = 1000;
    private const int PipedIncrements = 300;

    [Fact]
    public async Task Stopping_the_host_flushes_acknowledged_and_fire_and_forget_writes_for_the_next_host()
    {
        var directory = TempDirectory.Create("embedded");
        try
        {
            var acknowledged = new Dictionary<string, (string Value, long Version)>();
            using (var host = await StartHostAsync(directory))
            {
                var store = host.Services.GetRequiredService<IStateStore>();
                for (var i = 0; i < 20; i++)
                {
                    var written = await store.SetAsync($"acked:{i}", Bytes($"first {i}"));
                    var replaced = await store.SetAsync($"acked:{i}", Bytes($"second {i}"), new SetOptions { ExpectedVersion = written.Version });
                    acknowledged[$"acked:{i}"] = ($"second {i}", replaced.Version);
                }

                Assert.True((await store.DeleteAsync("acked:7")).Deleted);
                acknowledged.Remove("acked:7");
                var counted = await store.IncrementAsync("acked:counter", 5);
                acknowledged["acked:counter"] = ("5", counted.Version);

                // A slow disk, made certain: another connection holds the journal database's write lock, so nothing
                // handed over from here on can be committed until it lets go — well within SQLite's busy timeout (5 s).
                var actorStore = host.Services.GetRequiredService<ActorStateStore>();
                await using (var slowDisk = await JournalWriteLock.TakeAsync(actorStore.Location!))
                {
                    // Never flushed: a pipeline's batches, one write each (so that none is left in the pipeline's
                    // buffer when its call returns), and posts; handed to the shards and not awaited further.
                    var pipeline = actorStore.CreatePipeline(batchSize: 1);
                    for (var i = 0; i < Piped; i++)
                    {
                        await pipeline.SetAsync($"piped:{i}", Bytes($"piped {i}"));
                    }

                    for (var i = 0; i < PipedIncrements; i++)
                    {
                        await pipeline.IncrementAsync("piped:counter");
                    }

                    for (var i = 0; i < PostedIncrements; i++)
                    {
                        await store.PostIncrementAsync("posted:counter");
                    }

                    for (var i = 0; i < Posted; i++)
                    {
                        await store.PostSetAsync($"posted:{i}", Bytes($"posted {i}"));
                    }

                    // The stop begins with all of that still to commit. It must wait for the journal, not finish
                    // without it: give a stop that would not wait a second to show it, then let the disk go.
                    var stop = host.StopAsync();
                    await WaitUntilAsync(() => actorStore.Status != StoreStatus.Ready);
                    var finishedEarly = await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(1))) == stop;
                    await slowDisk.ReleaseAsync();
                    Assert.False(finishedEarly, "the host finished stopping while the journal could not commit what it had been handed");
                    await stop;
                }

                Assert.Equal(StoreStatus.Stopped, actorStore.Status);
            }

            using var next = await StartHostAsync(directory);
            var reopened = next.Services.GetRequiredService<IStateStore>();
            foreach (var (key, (value, version)) in acknowledged)
            {
                AssertEntry(await reopened.GetAsync(key), key, value, version);
            }

            Assert.Null(await reopened.GetAsync("acked:7"));
            await AssertAllAsync(reopened, Enumerable.Range(0, Posted).Select(i => ($"posted:{i}", $"posted {i}")));
            AssertEntry(await reopened.GetAsync("posted:counter"), "posted:counter", $"{PostedIncrements}", PostedIncrements);
            await AssertAllAsync(reopened, Enumerable.Range(0, Piped).Select(i => ($"piped:{i}", $"piped {i}")));
            AssertEntry(await reopened.GetAsync("piped:counter"), "piped:counter", $"{PipedIncrements}", PipedIncrements);
            await next.StopAsync();
        }
        finally
        {
            TempDirectory.Delete(directory);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the store never began to stop");
            await Task.Delay(5);
        }
    }

    private static async Task<IHost> StartHostAsync(string directory)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddConfiguration(ActorsConfiguration.FromHocon(
            $"store {{ shards = 4, durability = batched, data-dir = \"{directory}\" }}"));
        builder.Services.AddActorStore(builder.Configuration, options => options.WaitForRecovery = true);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    // Each written once, so at version 1.
    private static async Task AssertAllAsync(IStateStore store, IEnumerable<(string Key, string Value)> expected)
    {
        var items = expected.ToArray();
        var entries = await store.GetManyAsync([.. items.Select(i => i.Key)]);
        var missing = items.Where((item, i) => entries[i] is null).Select(item => item.Key).ToArray();
        Assert.True(missing.Length == 0, $"{missing.Length} of {items.Length} fire-and-forget writes are missing after the host stopped, e.g. {string.Join(", ", missing.Take(5))}");
        for (var i = 0; i < items.Length; i++)
        {
            AssertEntry(entries[i], items[i].Key, items[i].Value, 1);
        }
    }

    private static void AssertEntry(StoreEntry? entry, string key, string value, long version)
    {
        Assert.True(entry is not null, $"{key} is missing after the host stopped");
        Assert.Equal(value, Encoding.UTF8.GetString(entry.Value.Span));
        Assert.True(version == entry.Version, string.Create(CultureInfo.InvariantCulture, $"{key} is at version {entry.Version}, not {version}"));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
