using Actors.Store.Configuration;
using Microsoft.Extensions.Logging;

namespace Akka.Hosting;

using Actors.Store;
using Akka.Actor;
using Akka.Persistence.Sql.Config;

/// <summary>Adds the store to an actor system configured with Akka.Hosting.</summary>
public static class ActorStoreAkkaHostingExtensions
{
    /// <summary>
    /// Starts a store in the actor system when it starts: its entry is registered in the <c>ActorRegistry</c> under
    /// <see cref="ActorStateStore"/> (inject <c>IRequiredActor&lt;ActorStateStore&gt;</c> to <c>Ask</c> it), and the
    /// store itself is <see cref="ActorStateStore.For"/>(system, <paramref name="name"/>).
    /// <code>
    /// services.AddAkka("app", builder => builder.WithActorStore(StoreSettings.FromConfiguration(configuration)));
    /// </code>
    /// </summary>
    public static AkkaConfigurationBuilder WithActorStore(this AkkaConfigurationBuilder builder, StoreSettings settings, string name = "store")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);

        // Lets the store open its SQLite connections with the durability asked for (see StoreActorSystem).
        builder.AddSetup(new MultiDataOptionsSetup());
        return builder.WithActors((system, registry) =>
        {
            var store = ActorStateStore.GetOrCreate(system, settings, name, StoreLogger(system));
            registry.Register<ActorStateStore>(store.Entry);
        });
    }

    /// <summary>The store's logger from the system's logging setup (Akka.Hosting's), if any.</summary>
    internal static ILogger? StoreLogger(ActorSystem system) =>
        system.Settings.Setup.Get<Akka.Hosting.Logging.LoggerFactorySetup>() is { HasValue: true } logging
            ? logging.Value.LoggerFactory.CreateLogger<ActorStateStore>()
            : null;
}
