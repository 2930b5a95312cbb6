using Actors.Configuration;
using Actors.Store;
using Actors.Store.Cluster;
using Actors.Store.Configuration;
using Actors.Store.Hosting;
using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

using Akka.Actor;

/// <summary>Registers the actor store in a generic host or ASP.NET Core application.</summary>
public static class ActorStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers an Akka.NET actor system through Akka.Hosting (its <c>akka</c> settings from
    /// <paramref name="configuration"/>, logging through <c>Microsoft.Extensions.Logging</c>), the store in it (from
    /// <c>store</c>) as <see cref="IStateStore"/>, <see cref="IManagedStateStore"/> and <see cref="ActorStateStore"/>,
    /// and its entry in the <c>ActorRegistry</c>. The store starts with the host and stops with the actor system's
    /// coordinated shutdown (refuse new requests, flush, stop). The host owns shutdown, so the system does not also hook
    /// SIGTERM itself.
    /// <code>
    /// builder.Services.AddActorStore(builder.Configuration);
    /// app.MapGet("/count", async (IStateStore store) => await store.CountAsync());
    /// </code>
    /// Call it before the web server is added, so that it starts first and stops last. To add the store to an actor
    /// system you configure yourself, use <c>AddAkka(..., b => b.WithActorStore(settings))</c>.
    /// </summary>
    public static IServiceCollection AddActorStore(this IServiceCollection services, IConfiguration configuration, Action<ActorStoreHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ActorStoreHostingOptions();
        configure?.Invoke(options);

        var cluster = ClusterSettings.FromConfiguration(configuration);
        if (cluster.Enabled)
        {
            // The cluster protocol on PostgreSQL still runs on the previous runtime.
            return Actors.Store.OwnRuntime.OwnRuntimeHosting.AddClusteredStore(services, configuration, options, cluster);
        }

        var settings = StoreSettings.FromConfiguration(configuration);
        services.AddSingleton(options);
        services.AddSingleton(settings);
        services.AddAkka(options.SystemName, builder => builder
            .AddHocon(AkkaConfiguration.FromConfiguration(configuration), HoconAddMode.Prepend)
            .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Append)
            .ConfigureLoggers(loggers =>
            {
                // Akka.NET's log joins the application's, one category per logging class.
                loggers.ClearLoggers();
                loggers.AddLogger<CategorizedAkkaLogger>();
            })
            .WithActorStore(settings));
        // Whichever comes first — a service that needs the store, or the system's start — creates it.
        services.AddSingleton(provider =>
        {
            var system = provider.GetRequiredService<ActorSystem>();
            return ActorStateStore.GetOrCreate(system, settings, "store", ActorStoreAkkaHostingExtensions.StoreLogger(system));
        });
        services.AddSingleton<IManagedStateStore>(provider => provider.GetRequiredService<ActorStateStore>());
        services.AddSingleton<IStateStore>(provider => provider.GetRequiredService<ActorStateStore>());
        services.AddHostedService(provider => new ActorStoreHostedService(provider.GetRequiredService<IManagedStateStore>(), options));
        return services;
    }
}
