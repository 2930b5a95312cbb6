namespace Actors.Configuration.Hocon;

/// <summary>The kinds of <see cref="HoconToken"/>.</summary>
internal enum HoconTokenKind
{
    EndOfInput,
    Newline,
    Whitespace,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    QuotedString,
    UnquotedString,
    Number,
    True,
    False,
    Null,
    Substitution,
}
