using System.Collections.Concurrent;

namespace Actors.Store.Client;

using Akka.Actor;

/// <summary>
/// The stores running in an actor system, by name: an Akka.NET extension, so that code holding only the system (an
/// Akka.Hosting starter, a DI factory) finds the store that <c>WithActorStore</c> created in it.
/// </summary>
internal sealed class StoreRegistry : IExtension
{
    private readonly ConcurrentDictionary<string, ActorStateStore> _stores = new(StringComparer.Ordinal);

    public static StoreRegistry Get(ActorSystem system) => system.WithExtension<StoreRegistry, StoreRegistryProvider>();

    public void Add(ActorStateStore store)
    {
        if (!_stores.TryAdd(store.Name, store))
        {
            throw new InvalidOperationException($"A store named '{store.Name}' already runs in this actor system; give the second one another name.");
        }
    }

    /// <summary>The store of that name, created now by <paramref name="create"/> if there is none yet.</summary>
    public ActorStateStore GetOrCreate(string name, Func<ActorStateStore> create)
    {
        lock (_stores)
        {
            return _stores.TryGetValue(name, out var store) ? store : create();
        }
    }

    public ActorStateStore Find(string name) =>
        _stores.TryGetValue(name, out var store)
            ? store
            : throw new InvalidOperationException($"No store named '{name}' runs in this actor system (yet): create it with ActorStateStore.Create or WithActorStore, which starts it with the system.");

    private sealed class StoreRegistryProvider : ExtensionIdProvider<StoreRegistry>
    {
        public override StoreRegistry CreateExtension(ExtendedActorSystem system) => new();
    }
}
