namespace Actors.Store;

/// <summary>An increment of a value that is not a 64-bit decimal integer, or whose result would overflow.</summary>
public sealed class NotAnIntegerException(string key, string reason)
    : StoreException($"Cannot increment '{key}': {reason} Increment works on values that are 64-bit decimal integers in ASCII, e.g. \"42\" or \"-7\".")
{
    /// <summary>The key.</summary>
    public string Key { get; } = key;
}
