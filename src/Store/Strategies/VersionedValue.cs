namespace Actors.Store.Strategies;

/// <summary>
/// What a map holds for a key: the value, or null for a tombstone, and the key's version. Immutable, so the
/// lock-free strategies can swap it with a compare-exchange and compare it by value.
/// </summary>
internal readonly record struct VersionedValue(byte[]? Value, long Version)
{
    public bool IsPresent => Value is not null;

    public ReadResult ToReadResult() => Value is null ? ReadResult.Missing : ReadResult.Of(Value, Version);

    /// <summary>The entry after setting <paramref name="value"/>.</summary>
    public VersionedValue With(byte[] value) => new(value, Version + 1);

    /// <summary>The entry after adding <paramref name="delta"/> to the counter (a tombstone counts as 0).</summary>
    public VersionedValue Incremented(string key, long delta, out long newValue)
    {
        newValue = (Value is null ? 0 : CounterValue.Decode(Value, key)) + delta;
        return new VersionedValue(CounterValue.Encode(newValue), Version + 1);
    }

    /// <summary>The tombstone that a delete leaves (the version moves on, so it is never reused).</summary>
    public VersionedValue Deleted() => new(null, Version + 1);

    /// <summary>Whether a compare-and-set expecting <paramref name="expectedVersion"/> matches this entry.</summary>
    public bool Matches(long expectedVersion) => IsPresent ? Version == expectedVersion : expectedVersion == 0;
}
