using System.Collections;
using System.Text;

namespace Actors.Configuration.Hocon;

/// <summary>A path through the object tree: a list of keys, such as <c>actors.ask-timeout</c> or <c>a."b.c"</c>.</summary>
public sealed class HoconPath : IReadOnlyList<string>, IEquatable<HoconPath>
{
    private readonly string[] _segments;

    public HoconPath(IEnumerable<string> segments) => _segments = segments.ToArray();

    private HoconPath(string[] segments) => _segments = segments;

    /// <summary>The empty path, which designates the root object.</summary>
    public static HoconPath Root { get; } = new(Array.Empty<string>());

    public int Count => _segments.Length;

    public string this[int index] => _segments[index];

    /// <summary>
    /// Parses a path expression with the same rules as a key: unquoted <c>.</c> separates keys, quoted text is taken
    /// literally, and empty keys must be quoted.
    /// </summary>
    /// <exception cref="HoconParseException">The text is not a valid path expression.</exception>
    public static HoconPath Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var origin = new HoconOrigin("<path>", 1, 1);
        var tokens = HoconTokenizer.Tokenize(path, "<path>");
        var pieces = new List<HoconToken>();
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case HoconTokenKind.EndOfInput:
                    break;
                case HoconTokenKind.QuotedString or HoconTokenKind.UnquotedString or HoconTokenKind.Number
                    or HoconTokenKind.True or HoconTokenKind.False or HoconTokenKind.Null or HoconTokenKind.Whitespace:
                    pieces.Add(token);
                    break;
                default:
                    throw new HoconParseException(
                        token.Origin,
                        $"expected a path such as a.b.c but found {token.Describe()} in '{path}'");
            }
        }

        return HoconPathBuilder.Build(HoconPathBuilder.Trim(pieces), origin);
    }

    internal HoconPath Append(string key)
    {
        var segments = new string[_segments.Length + 1];
        _segments.CopyTo(segments, 0);
        segments[^1] = key;
        return new HoconPath(segments);
    }

    internal HoconPath Append(HoconPath other) => other.Count == 0 ? this : new HoconPath([.. _segments, .. other._segments]);

    internal HoconPath Skip(int count) => new(_segments[count..]);

    internal HoconPath Take(int count) => new(_segments[..count]);

    internal bool StartsWith(HoconPath prefix)
    {
        if (prefix.Count > Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(_segments[i], prefix._segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Renders the path as a path expression, quoting keys that would not read back as one key.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < _segments.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('.');
            }

            HoconRenderer.AppendKey(builder, _segments[i]);
        }

        return builder.ToString();
    }

    public bool Equals(HoconPath? other) =>
        other is not null && _segments.AsSpan().SequenceEqual(other._segments);

    public override bool Equals(object? obj) => obj is HoconPath other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var segment in _segments)
        {
            hash.Add(segment, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_segments).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
