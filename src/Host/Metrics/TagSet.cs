namespace Actors.Host.Metrics;

/// <summary>
/// The tags of one series, kept sorted by key so that the same set in another order is the same series. Matching a
/// measurement's tags against it allocates nothing, which keeps the recording path cheap.
/// </summary>
internal sealed class TagSet
{
    public static readonly TagSet Empty = new([]);

    private readonly KeyValuePair<string, object?>[] _tags;

    private TagSet(KeyValuePair<string, object?>[] tags)
    {
        _tags = tags;
        Hash = HashOf(tags);
    }

    public int Hash { get; }

    public int Count => _tags.Length;

    public KeyValuePair<string, object?> this[int index] => _tags[index];

    public static TagSet From(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return Empty;
        }

        var copy = tags.ToArray();
        Array.Sort(copy, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new TagSet(copy);
    }

    /// <summary>An order-independent hash, so that a lookup need not sort.</summary>
    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            hash += HashCode.Combine(tag.Key, tag.Value);
        }

        return hash;
    }

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tags.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (!Contains(tag))
            {
                return false;
            }
        }

        return true;
    }

    private bool Contains(KeyValuePair<string, object?> tag)
    {
        foreach (var own in _tags)
        {
            if (string.Equals(own.Key, tag.Key, StringComparison.Ordinal) && Equals(own.Value, tag.Value))
            {
                return true;
            }
        }

        return false;
    }
}
