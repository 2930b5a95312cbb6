namespace Actors.Configuration.Hocon;

/// <summary>
/// The base of the nodes that exist only between parsing and resolution: substitutions, concatenations that contain
/// a substitution, and merge stacks. They have no JSON type until resolved.
/// </summary>
internal abstract class HoconUnresolvedValue : HoconValue
{
    private protected HoconUnresolvedValue(HoconOrigin origin)
        : base(origin)
    {
    }

    public override HoconValueType Type =>
        throw new InvalidOperationException($"{Origin}: the value has not been resolved; resolve the configuration first.");
}

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

/// <summary>
/// A value concatenation that could not be folded while parsing because it holds a substitution. Pieces are kept in
/// order, including the whitespace between them.
/// </summary>
internal sealed class HoconConcatenation : HoconUnresolvedValue
{
    public HoconConcatenation(List<HoconValue> pieces, HoconOrigin origin)
        : base(origin) => Pieces = pieces;

    public List<HoconValue> Pieces { get; }
}

/// <summary>
/// The values assigned to one field, highest priority first, when the top one cannot be merged before resolution
/// (it is, or contains, a substitution). The lower entries are what a self-reference in a higher one sees.
/// </summary>
internal sealed class HoconMergeStack : HoconUnresolvedValue
{
    public HoconMergeStack(List<HoconValue> stack)
        : base(stack[0].Origin) => Stack = stack;

    public List<HoconValue> Stack { get; }
}
