namespace Actors.Store;

/// <summary>The store cannot serve now: it is starting (recovering), shutting down, or a shard failed to recover.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : StoreException(message, inner);
