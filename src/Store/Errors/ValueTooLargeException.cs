namespace Actors.Store;

/// <summary>A value longer than <c>store.max-value-bytes</c>; it is refused, never truncated.</summary>
public sealed class ValueTooLargeException(int length, long limit)
    : StoreException($"The value is {length:N0} bytes; the limit is {limit:N0} bytes (store.max-value-bytes).")
{
    /// <summary>The value's length.</summary>
    public int Length { get; } = length;

    /// <summary>The limit.</summary>
    public long Limit { get; } = limit;
}
