namespace Actors.Store;

/// <summary>Where the store is in its life.</summary>
public enum StoreStatus
{
    /// <summary>Opening the journal and recovering the shards; requests get <see cref="StoreUnavailableException"/>.</summary>
    Starting,

    /// <summary>Serving.</summary>
    Ready,

    /// <summary>Could not start (bad data, unreachable database); <see cref="ActorStateStore.StartError"/> says why.</summary>
    Failed,

    /// <summary>Shutting down: finishing in-flight work, flushing the journal; new requests are refused.</summary>
    Stopping,

    /// <summary>Stopped.</summary>
    Stopped,
}
