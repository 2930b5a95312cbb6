namespace Actors.Configuration.Hocon;

/// <summary>A <c>${path}</c> or <c>${?path}</c> expression.</summary>
internal sealed class HoconSubstitution : HoconUnresolvedValue
{
    public HoconSubstitution(HoconPath path, bool optional, HoconOrigin origin)
        : base(origin)
    {
        Path = path;
        Optional = optional;
    }

    /// <summary>The path to look up first; for substitutions from an included file, prefixed with the include's location.</summary>
    public HoconPath Path { get; private set; }

    /// <summary>The path as written in an included file, looked up when <see cref="Path"/> is not found.</summary>
    public HoconPath? FallbackPath { get; private set; }

    public bool Optional { get; }

    /// <summary>Set for the self-reference written by <c>+=</c>, which must never look outside its own field.</summary>
    public bool IsSelfAppend { get; init; }

    /// <summary>The path as written, used for the environment variable name and for messages.</summary>
    public HoconPath WrittenPath => FallbackPath ?? Path;

    /// <summary>
    /// Fixes the substitution up for a file included at <paramref name="prefix"/>: the prefixed path is tried first,
    /// the written one second (spec: "Include semantics: substitution").
    /// </summary>
    public void Relativize(HoconPath prefix)
    {
        if (prefix.Count == 0)
        {
            return;
        }

        if (!IsSelfAppend)
        {
            FallbackPath ??= Path;
        }

        Path = prefix.Append(Path);
    }

    public string Render() => (Optional ? "${?" : "${") + WrittenPath + "}";
}
