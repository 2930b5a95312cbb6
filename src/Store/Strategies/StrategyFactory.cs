namespace Actors.Store.Strategies;

/// <summary>
/// Creates a fresh, empty strategy instance. Asynchronous because a store may need to start (an actor system,
/// its shards) before it can serve; the caller disposes the instance with <see cref="IAsyncDisposable"/>.
/// </summary>
public delegate ValueTask<IKeyValueStrategy> StrategyFactory(StrategyOptions options, CancellationToken cancellationToken);
