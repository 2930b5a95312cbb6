namespace Actors.Store;

/// <summary>An increment of a value that is not a 64-bit decimal integer, or whose result would overflow.</summary>
public sealed class NotAnIntegerException : StoreException
{
    /// <summary>Creates the exception for <paramref name="key"/>, saying why in <paramref name="reason"/>.</summary>
    public NotAnIntegerException(string key, string reason)
        : base($"Cannot increment '{key}': {reason} Increment works on values that are 64-bit decimal integers in ASCII, e.g. \"42\" or \"-7\".")
    {
        Key = key;
    }

    // Rebuilt on another node from the message the owner's shard produced.
    private NotAnIntegerException(string key, string message, bool fromMessage)
        : base(message)
    {
        _ = fromMessage;
        Key = key;
    }

    /// <summary>The key.</summary>
    public string Key { get; }

    internal static NotAnIntegerException FromMessage(string key, string message) => new(key, message, fromMessage: true);
}
