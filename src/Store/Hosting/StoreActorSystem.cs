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
}
