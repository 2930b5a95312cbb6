using Actors.Configuration;
using Actors.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Actors.Host.Tests.Embedding;


/// <summary>The library path: an application of its own registers the store with AddActorStore and injects IStateStore.</summary>
public sealed class EmbeddingTests
{
    [Fact]
    public async Task A_minimal_ASP_NET_Core_app_uses_the_store_through_dependency_injection()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddConfiguration(ActorsConfiguration.FromHocon("store { shards = 2, durability = none }"));
        builder.Services.AddActorStore(builder.Configuration, options => options.WaitForRecovery = true);
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();

        app.MapPost("/visits/{page}", async (string page, IStateStore store) =>
        {
            var result = await store.IncrementAsync($"visits:{page}");
            return Results.Ok(result.Value);
        });
        app.MapGet("/visits", async (IStateStore store) => Results.Ok(await store.CountAsync()));

        await app.StartAsync();
        var client = app.GetTestClient();
        Assert.Equal("1", await (await client.PostAsync("/visits/home", null)).Content.ReadAsStringAsync());
        Assert.Equal("2", await (await client.PostAsync("/visits/home", null)).Content.ReadAsStringAsync());
        await client.PostAsync("/visits/about", null);
        Assert.Equal("2", await client.GetStringAsync("/visits"));

        var store = app.Services.GetRequiredService<IStateStore>();
        Assert.Equal("2", System.Text.Encoding.ASCII.GetString((await store.GetAsync("visits:home"))!.Value.Span));
        await app.StopAsync();
        Assert.Equal(StoreStatus.Stopped, app.Services.GetRequiredService<ActorStateStore>().Status);
    }

    [Fact]
    public async Task A_worker_service_gets_the_store_and_the_host_stops_it()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(ActorsConfiguration.FromHocon("store { shards = 2, durability = none }"));
        builder.Services.AddActorStore(builder.Configuration, options => options.WaitForRecovery = true);
        using var host = builder.Build();
        await host.StartAsync();

        var store = host.Services.GetRequiredService<IStateStore>();
        var written = await store.SetAsync("job:1", "queued"u8.ToArray());
        Assert.True(written.Created);
        await host.StopAsync();
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.GetAsync("job:1"));
    }
}
