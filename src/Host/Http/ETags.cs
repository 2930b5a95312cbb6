using System.Globalization;
using Actors.Host.Http.Problems;
using Microsoft.Extensions.Primitives;

namespace Actors.Host.Http;

/// <summary>
/// A key's version is its entity tag: version 7 is <c>ETag: "7"</c>. Parses the conditional headers of a request into
/// what the store understands: <c>If-Match: "7"</c> (write only at version 7), <c>If-Match: *</c> (only if the key
/// exists), <c>If-None-Match: *</c> (only if it does not).
/// </summary>
internal static class ETags
{
    // Most keys are young: their tags are formatted once, not per response.
    private static readonly string[] Small = Enumerable.Range(0, 1024).Select(v => string.Create(CultureInfo.InvariantCulture, $"\"{v}\"")).ToArray();

    public static string Format(long version) =>
        (ulong)version < (ulong)Small.Length ? Small[version] : string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>The precondition of a write (PUT or DELETE).</summary>
    public static Precondition WritePrecondition(HttpRequest request)
    {
        var ifMatch = request.Headers.IfMatch;
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifMatch.Count > 0 && ifNoneMatch.Count > 0)
        {
            throw HttpProblemException.BadHeader("Send If-Match or If-None-Match, not both.");
        }

        if (ifNoneMatch.Count > 0)
        {
            return Single(ifNoneMatch, "If-None-Match") == "*"
                ? Precondition.Absent
                : throw HttpProblemException.BadHeader("A write accepts only If-None-Match: * (create only if the key does not exist).");
        }

        if (ifMatch.Count == 0)
        {
            return Precondition.None;
        }

        var tag = Single(ifMatch, "If-Match");
        return tag == "*" ? Precondition.Exists : Precondition.AtVersion(ParseVersion(tag, "If-Match"));
    }

    /// <summary>Whether a GET's <c>If-None-Match</c> names <paramref name="version"/> (then the answer is 304).</summary>
    public static bool NoneMatchHits(HttpRequest request, long version)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0)
        {
            return false;
        }

        foreach (var value in header)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // Weak comparison, as RFC 9110 prescribes for If-None-Match.
                var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
                if (tag == "*" || (TryParseVersion(tag, out var seen) && seen == version))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Single(StringValues values, string header)
    {
        var text = values.Count == 1 ? values[0]?.Trim() : null;
        if (string.IsNullOrEmpty(text) || text.Contains(','))
        {
            throw HttpProblemException.BadHeader($"{header} takes exactly one entity tag, a version such as \"7\", or *.");
        }

        return text;
    }

    private static long ParseVersion(string tag, string header) =>
        TryParseVersion(tag, out var version)
            ? version
            : throw HttpProblemException.BadHeader(
                $"{header}: {tag} is not an entity tag of this API; they are strong tags holding a key's version, such as \"7\" (as returned in ETag), or *.");

    private static bool TryParseVersion(string tag, out long version)
    {
        version = 0;
        return tag.Length >= 3 && tag[0] == '"' && tag[^1] == '"'
            && long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}

/// <summary>What a conditional write requires of the key's current state.</summary>
internal readonly record struct Precondition(PreconditionKind Kind, long Version)
{
    public static readonly Precondition None = new(PreconditionKind.None, 0);
    public static readonly Precondition Exists = new(PreconditionKind.Exists, 0);
    public static readonly Precondition Absent = new(PreconditionKind.Absent, 0);

    public static Precondition AtVersion(long version) => new(PreconditionKind.Version, version);
}

/// <summary>The kinds of <see cref="Precondition"/>.</summary>
internal enum PreconditionKind
{
    /// <summary>Unconditional.</summary>
    None,

    /// <summary><c>If-Match: "N"</c>.</summary>
    Version,

    /// <summary><c>If-Match: *</c>.</summary>
    Exists,

    /// <summary><c>If-None-Match: *</c>.</summary>
    Absent,
}
