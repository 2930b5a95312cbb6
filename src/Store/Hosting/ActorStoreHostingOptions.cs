using Actors.Store.OwnRuntime;
namespace Actors.Store.Hosting;

using ActorStateStore = Actors.Store.OwnRuntime.ActorStateStore;

/// <summary>How <c>AddActorStore</c> runs the store inside a host.</summary>
public sealed class ActorStoreHostingOptions
{
    /// <summary>The actor system's name (default <c>store</c>).</summary>
    public string SystemName { get; set; } = "store";

    /// <summary>
    /// Whether host start waits until every shard has recovered (default <see langword="false"/>: the host starts at
    /// once, requests get <see cref="StoreUnavailableException"/> until <see cref="ActorStateStore.WhenReady"/>, and a
    /// readiness probe can report it).
    /// </summary>
    public bool WaitForRecovery { get; set; }
}
