namespace Actors.Configuration.Hocon;

/// <summary>
/// Where a value or token came from: the source name (a file path or <c>&lt;string&gt;</c>), and a 1-based line and column.
/// </summary>
/// <remarks>Every error message starts with the origin rendered as <c>source:line:column</c>.</remarks>
public readonly record struct HoconOrigin(string Source, int Line, int Column)
{
    /// <summary>The name used for documents that were not read from a file.</summary>
    public const string StringSource = "<string>";

    /// <summary>Renders the origin as <c>source:line:column</c>.</summary>
    public override string ToString() => $"{Source}:{Line}:{Column}";
}
