using Microsoft.Extensions.DependencyInjection;
using Actors;
using Actors.Store;
using Actors.Store.Cluster;
using Actors.Store.Configuration;
using Actors.Store.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Actors.Store.OwnRuntime;

namespace Actors.Store.OwnRuntime;


/// <summary>
/// Registers a clustered store on our own runtime (the cluster protocol on PostgreSQL runs on it until the cluster
/// moves to Akka.Cluster.Sharding); <c>AddActorStore</c> calls this when <c>cluster.enabled = on</c>.
/// </summary>
internal static class OwnRuntimeHosting
{
    /// <summary>
    /// Registers an <see cref="ActorSystem"/> (from <c>actors</c> in <paramref name="configuration"/>), the store (from
    /// <c>store</c>) as <see cref="IStateStore"/> and <see cref="ActorStateStore"/>, and a hosted service that starts it
    /// with the host and drains and flushes it when the host stops. The host owns shutdown, so the system does not
    /// also hook SIGTERM itself.
    /// <code>
    /// builder.Services.AddActorStore(builder.Configuration);
    /// app.MapGet("/count", async (IStateStore store) => await store.CountAsync());
    /// </code>
    /// Call it before the web server is added, so that it starts first and stops last.
    /// </summary>
    public static IServiceCollection AddClusteredStore(IServiceCollection services, IConfiguration configuration, ActorStoreHostingOptions options, ClusterSettings cluster)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => cluster.Enabled ? ClusteredStoreSettings(StoreSettings.FromConfiguration(configuration), cluster) : StoreSettings.FromConfiguration(configuration));
        services.AddSingleton(provider =>
        {
            var settings = ActorSystemSettings.FromConfiguration(configuration);
            settings = settings with { CoordinatedShutdown = settings.CoordinatedShutdown with { RunByProcessExit = false } };
            return ActorSystem.Create(options.SystemName, settings, provider.GetService<ILoggerFactory>());
        });
        services.AddSingleton(provider => cluster.Enabled
            ? ActorStateStore.CreateManaged(provider.GetRequiredService<ActorSystem>(), provider.GetRequiredService<StoreSettings>())
            : ActorStateStore.Create(provider.GetRequiredService<ActorSystem>(), provider.GetRequiredService<StoreSettings>()));
        services.AddSingleton<IStateStore>(provider => provider.GetRequiredService<ActorStateStore>());
        services.AddSingleton<IManagedStateStore>(provider => provider.GetRequiredService<ActorStateStore>());
        services.AddHostedService(provider => new OwnRuntimeStoreHostedService(
            provider.GetRequiredService<ActorSystem>(), provider.GetRequiredService<ActorStateStore>(), options));
        if (cluster.Enabled)
        {
            // Registered after the store's service, so it stops first: leave (hand off) before the store stops.
            services.AddSingleton(cluster);
            services.AddSingleton(provider => new ClusterHostedService(
                provider.GetRequiredService<ActorStateStore>(), cluster, provider, provider.GetRequiredService<ILoggerFactory>()));
            services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<ClusterHostedService>());
        }

        return services;
    }

    // A clustered store journals to the cluster's PostgreSQL, fenced by the cluster's shard epochs.
    private static StoreSettings ClusteredStoreSettings(StoreSettings store, ClusterSettings cluster) => store with
    {
        Backend = StoreBackend.PostgreSql,
        Durability = store.Durability == Durability.None ? Durability.Batched : store.Durability,
        PostgreSqlConnectionString = string.IsNullOrWhiteSpace(store.PostgreSqlConnectionString) ? cluster.ConnectionString : store.PostgreSqlConnectionString,
        FenceTable = cluster.JournalFenceTable,
    };
}
