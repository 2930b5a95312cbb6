using Actors.Store.Configuration;

namespace Actors.Store;

/// <summary>
/// A store with a life a host looks after: what it runs with, where it is in its life, why it could not start. What
/// the HTTP host and the hosting extensions need beyond <see cref="IStateStore"/>.
/// </summary>
public interface IManagedStateStore : IStateStore
{
    /// <summary>The settings the store runs with.</summary>
    StoreSettings Settings { get; }

    /// <summary>Where the store is in its life.</summary>
    StoreStatus Status { get; }

    /// <summary>Why the store failed to start, when <see cref="Status"/> is <see cref="StoreStatus.Failed"/>.</summary>
    Exception? StartError { get; }

    /// <summary>Completes when every shard has recovered; faults with the cause if the store cannot start.</summary>
    Task WhenReady { get; }

    /// <summary>Where the data lives (a file or a PostgreSQL schema), once open.</summary>
    string? Location { get; }

    /// <summary>The shard that owns <paramref name="key"/>.</summary>
    int ShardOf(string key);
}
