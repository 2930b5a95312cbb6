namespace Actors.Store;

/// <summary>A key that is empty, not valid UTF-8, or longer than <c>store.max-key-bytes</c>.</summary>
public sealed class InvalidKeyException(string message) : StoreException(message);
