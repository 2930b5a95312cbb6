using Actors.Store.Configuration;
using Actors.Store.Events;
using Actors.Store.Persistence;
using Actors.Store.Shards;

namespace Actors.Store.Hosting;

using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Sql.Config;

/// <summary>
/// An actor system ready for a store, for applications that create theirs with <c>ActorSystem.Create</c> rather than
/// Akka.Hosting (where <c>WithActorStore</c> does the same): the setup the store's SQLite journal needs to open its
/// connections with the durability asked for (<see cref="MultiDataOptionsSetup"/>). Any other system works too; its
/// SQLite journal then runs with SQLite's default, <c>synchronous=FULL</c>, as in <c>durability = strict</c>.
/// </summary>
public static class StoreActorSystem
{
    /// <summary>The setup to create a system with: <paramref name="config"/> and what the store adds.</summary>
    public static ActorSystemSetup Setup(Config? config = null) =>
        BootstrapSetup.Create().WithConfig(config ?? Config.Empty).And(new MultiDataOptionsSetup());

    /// <summary>Creates an actor system named <paramref name="name"/> with <paramref name="config"/>, ready for a store.</summary>
    public static ActorSystem Create(string name, Config? config = null) => ActorSystem.Create(name, Setup(config));

    /// <summary>
    /// The <c>akka</c> settings a store named <paramref name="name"/> adds to the actor system it runs in, as HOCON:
    /// its bounded mailbox (<c>akka.actor.bounded-answering-mailbox</c>), its serializer and, unless
    /// <c>durability = none</c> (Akka's in-memory plugins), its journal and snapshot plugins
    /// (<c>akka.persistence.journal.actors-{name}</c>, <c>akka.persistence.snapshot-store.actors-{name}</c>) derived from
    /// <paramref name="settings"/>. The store injects them as fallbacks: the system's own settings win, key by key, and
    /// Akka.NET's defaults (and Akka.Persistence.Sql's) lie under them. Nothing is created or opened; the host's
    /// <c>config</c> command prints them.
    /// </summary>
    public static string StoreConfiguration(StoreSettings settings, string name = "store")
    {
        ArgumentNullException.ThrowIfNull(settings);
        return string.Join('\n', StoreMailboxes.Hocon, StoreSerializer.Configuration, StorePlugins.PluginHocon(settings, StorePlugins.PluginName(name)));
    }
}
