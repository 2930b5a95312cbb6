namespace Actors.Configuration.Hocon;

/// <summary>
/// One lexical token. <see cref="Text"/> is the decoded value for strings, the number as written, or the whitespace
/// itself; substitutions carry their parsed path.
/// </summary>
internal readonly record struct HoconToken(HoconTokenKind Kind, string Text, HoconOrigin Origin)
{
    public HoconPath? Path { get; init; }

    public bool Optional { get; init; }

    /// <summary>True for the tokens that can be a piece of a value concatenation or a path expression.</summary>
    public bool IsSimpleValue => Kind is HoconTokenKind.QuotedString or HoconTokenKind.UnquotedString
        or HoconTokenKind.Number or HoconTokenKind.True or HoconTokenKind.False or HoconTokenKind.Null;

    /// <summary>Describes the token for "expected X but found Y" messages.</summary>
    public string Describe() => Kind switch
    {
        HoconTokenKind.EndOfInput => "end of input",
        HoconTokenKind.Newline => "a newline",
        HoconTokenKind.Whitespace => "whitespace",
        HoconTokenKind.Comma => "','",
        HoconTokenKind.Colon => "':'",
        HoconTokenKind.Equals => "'='",
        HoconTokenKind.PlusEquals => "'+='",
        HoconTokenKind.OpenBrace => "'{'",
        HoconTokenKind.CloseBrace => "'}'",
        HoconTokenKind.OpenBracket => "'['",
        HoconTokenKind.CloseBracket => "']'",
        HoconTokenKind.QuotedString => $"the quoted string \"{Text}\"",
        HoconTokenKind.Substitution => "a substitution",
        _ => $"'{Text}'",
    };
}
