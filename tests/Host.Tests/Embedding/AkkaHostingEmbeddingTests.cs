using Actors.Store;
using Actors.Store.Configuration;
using Actors.Store.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Actors.Host.Tests.Embedding;

using Akka.Actor;
using Akka.Hosting;

/// <summary>
/// The Akka.NET path: an application that already configures its actor system with Akka.Hosting adds the store to
/// it with <c>WithActorStore</c>, asks the store's entry with the public commands, and stops it with the host.
/// </summary>
public sealed class AkkaHostingEmbeddingTests
{
    [Fact]
    public async Task The_store_joins_the_applications_own_actor_system_and_answers_the_public_commands()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddAkka("shop", akka => akka
            .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Append)
            .WithActorStore(new StoreSettings { Shards = 4, Durability = Durability.None }));
        using var host = builder.Build();
        await host.StartAsync();

        var system = host.Services.GetRequiredService<ActorSystem>();
        var entry = await host.Services.GetRequiredService<IRequiredActor<ActorStateStore>>().GetAsync();
        var store = ActorStateStore.For(system);
        Assert.Same(store.Entry, entry);
        await store.WhenReady.WaitAsync(TimeSpan.FromSeconds(30));

        var written = await entry.Ask<WriteResult>(new Set("cart:{7}:apples", "3"u8.ToArray()), TimeSpan.FromSeconds(10));
        Assert.True(written.Created);
        Assert.Equal(1, written.Version);

        var incremented = await entry.Ask<IncrementResult>(new Increment("cart:{7}:apples", 2), TimeSpan.FromSeconds(10));
        Assert.Equal(5, incremented.Value);
        Assert.Equal(2, incremented.Version);

        var read = await entry.Ask<GetReply>(new Get("cart:{7}:apples"), TimeSpan.FromSeconds(10));
        Assert.Equal("5", System.Text.Encoding.ASCII.GetString(read.Entry!.Value.Span));

        // A compare-and-set at the wrong version is an answer, not an exception; a bad key is a Status.Failure that
        // the Ask surfaces as the store's exception.
        var stale = await entry.Ask<WriteResult>(new Set("cart:{7}:apples", "9"u8.ToArray(), new SetOptions { ExpectedVersion = 1 }), TimeSpan.FromSeconds(10));
        Assert.False(stale.Applied);
        Assert.Equal(2, stale.Version);
        await Assert.ThrowsAsync<InvalidKeyException>(() => entry.Ask<WriteResult>(new Set(string.Empty, [1]), TimeSpan.FromSeconds(10)));

        await entry.Ask<WriteResult>(new Set("cart:{7}:note", "gift"u8.ToArray()), TimeSpan.FromSeconds(10));
        var notAnInteger = await Assert.ThrowsAsync<NotAnIntegerException>(() => entry.Ask<IncrementResult>(new Increment("cart:{7}:note"), TimeSpan.FromSeconds(10)));
        Assert.Contains("cart:{7}:note", notAnInteger.Message, StringComparison.Ordinal);

        // The same data through the store's client API.
        Assert.Equal("5", System.Text.Encoding.ASCII.GetString((await store.GetAsync("cart:{7}:apples"))!.Value.Span));
        var shard = store.ShardOf("cart:{7}:apples");
        var scan = await entry.Ask<ScanReply>(new Scan(shard, "cart:", null, 10, IncludeValues: false), TimeSpan.FromSeconds(10));
        Assert.Equal(["cart:{7}:apples", "cart:{7}:note"], scan.Entries.Select(e => e.Key));

        await host.StopAsync();
        Assert.Equal(StoreStatus.Stopped, store.Status);
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.GetAsync("cart:{7}:apples"));
    }
}
