using System.Globalization;
using System.Text;

namespace Actors.Configuration.Hocon;

/// <summary>
/// Splits HOCON text into tokens. Comments are dropped here; whitespace and newlines are kept as tokens because
/// whitespace is significant inside value concatenations and newlines separate fields.
/// </summary>
internal sealed class HoconTokenizer
{
    private readonly string _text;
    private readonly string _source;
    private readonly List<HoconToken> _tokens = [];
    private int _position;
    private int _line = 1;
    private int _lineStart;

    private HoconTokenizer(string text, string source)
    {
        _text = text;
        _source = source;
    }

    public static List<HoconToken> Tokenize(string text, string source)
    {
        var tokenizer = new HoconTokenizer(text, source);
        tokenizer.Run();
        return tokenizer._tokens;
    }

    /// <summary>Whitespace as the spec defines it: Unicode separators, ASCII controls 9-13 and 28-31, and the BOM.</summary>
    public static bool IsWhitespace(char c) => c switch
    {
        ' ' or '\t' or '\n' or '\v' or '\f' or '\r' or '\u001C' or '\u001D' or '\u001E' or '\u001F' or '\uFEFF' => true,
        _ => c > 127 && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.SpaceSeparator
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator,
    };

    /// <summary>The characters that end an unquoted string (besides whitespace and <c>//</c>).</summary>
    public static bool IsForbiddenInUnquoted(char c) => c is '$' or '"' or '{' or '}' or '[' or ']' or ':' or '='
        or ',' or '+' or '#' or '`' or '^' or '?' or '!' or '@' or '*' or '&' or '\\';

    private HoconOrigin Here => new(_source, _line, _position - _lineStart + 1);

    private char Peek(int offset = 0) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private bool HasMore(int offset = 0) => _position + offset < _text.Length;

    private void Run()
    {
        while (true)
        {
            var token = Next(inSubstitution: false);
            _tokens.Add(token);
            if (token.Kind == HoconTokenKind.EndOfInput)
            {
                return;
            }
        }
    }

    private HoconToken Next(bool inSubstitution)
    {
        SkipComment();
        var origin = Here;
        if (!HasMore())
        {
            return new HoconToken(HoconTokenKind.EndOfInput, string.Empty, origin);
        }

        var c = Peek();
        if (c == '\n')
        {
            Advance();
            _line++;
            _lineStart = _position;
            return new HoconToken(HoconTokenKind.Newline, "\n", origin);
        }

        if (IsWhitespace(c))
        {
            var start = _position;
            while (HasMore() && Peek() != '\n' && IsWhitespace(Peek()))
            {
                Advance();
            }

            return new HoconToken(HoconTokenKind.Whitespace, _text[start.._position], origin);
        }

        switch (c)
        {
            case '"':
                return Peek(1) == '"' && Peek(2) == '"' ? ReadTripleQuoted(origin) : ReadQuoted(origin);
            case ',':
                return Single(HoconTokenKind.Comma, origin);
            case ':':
                return Single(HoconTokenKind.Colon, origin);
            case '=':
                return Single(HoconTokenKind.Equals, origin);
            case '{':
                return Single(HoconTokenKind.OpenBrace, origin);
            case '}':
                return Single(HoconTokenKind.CloseBrace, origin);
            case '[':
                return Single(HoconTokenKind.OpenBracket, origin);
            case ']':
                return Single(HoconTokenKind.CloseBracket, origin);
            case '+' when Peek(1) == '=':
                Advance();
                Advance();
                return new HoconToken(HoconTokenKind.PlusEquals, "+=", origin);
            case '$' when Peek(1) == '{':
                if (inSubstitution)
                {
                    throw new HoconParseException(origin, "expected '}' to close the substitution but found '${': substitutions cannot be nested");
                }

                return ReadSubstitution(origin);
        }

        if (IsForbiddenInUnquoted(c))
        {
            throw new HoconParseException(
                origin,
                $"expected a value, key or separator but found the reserved character '{c}' (quote the text to use it in a string)");
        }

        if (char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(Peek(1))))
        {
            return ReadNumber(origin);
        }

        // A keyword only counts at the start of an unquoted run: "truefoo" is true then foo, "footrue" is one string.
        if (StartsWith("true"))
        {
            return Keyword(HoconTokenKind.True, "true", origin);
        }

        if (StartsWith("false"))
        {
            return Keyword(HoconTokenKind.False, "false", origin);
        }

        if (StartsWith("null"))
        {
            return Keyword(HoconTokenKind.Null, "null", origin);
        }

        return ReadUnquoted(origin);
    }

    private void Advance() => _position++;

    private bool StartsWith(string value) => string.CompareOrdinal(_text, _position, value, 0, value.Length) == 0;

    private HoconToken Single(HoconTokenKind kind, HoconOrigin origin)
    {
        var text = _text[_position].ToString();
        Advance();
        return new HoconToken(kind, text, origin);
    }

    private HoconToken Keyword(HoconTokenKind kind, string text, HoconOrigin origin)
    {
        _position += text.Length;
        return new HoconToken(kind, text, origin);
    }

    private void SkipComment()
    {
        if (Peek() == '#' || (Peek() == '/' && Peek(1) == '/'))
        {
            // The newline itself stays: it still separates fields.
            while (HasMore() && Peek() != '\n')
            {
                Advance();
            }
        }
    }

    private HoconToken ReadUnquoted(HoconOrigin origin)
    {
        var start = _position;
        while (HasMore())
        {
            var c = Peek();
            if (IsForbiddenInUnquoted(c) || IsWhitespace(c) || (c == '/' && Peek(1) == '/'))
            {
                break;
            }

            Advance();
        }

        return new HoconToken(HoconTokenKind.UnquotedString, _text[start.._position], origin);
    }

    private HoconToken ReadNumber(HoconOrigin origin)
    {
        // A JSON number; whatever follows (10.0foo, 5s) is the next token and joins by concatenation.
        var start = _position;
        if (Peek() == '-')
        {
            Advance();
        }

        while (char.IsAsciiDigit(Peek()))
        {
            Advance();
        }

        if (Peek() == '.' && char.IsAsciiDigit(Peek(1)))
        {
            Advance();
            while (char.IsAsciiDigit(Peek()))
            {
                Advance();
            }
        }

        if (Peek() is 'e' or 'E'
            && (char.IsAsciiDigit(Peek(1)) || (Peek(1) is '+' or '-' && char.IsAsciiDigit(Peek(2)))))
        {
            Advance();
            if (Peek() is '+' or '-')
            {
                Advance();
            }

            while (char.IsAsciiDigit(Peek()))
            {
                Advance();
            }
        }

        return new HoconToken(HoconTokenKind.Number, _text[start.._position], origin);
    }

    private HoconToken ReadQuoted(HoconOrigin origin)
    {
        Advance();
        var builder = new StringBuilder();
        while (true)
        {
            if (!HasMore())
            {
                throw new HoconParseException(origin, "expected '\"' to close the quoted string but reached end of input");
            }

            var c = Peek();
            if (c == '"')
            {
                Advance();
                return new HoconToken(HoconTokenKind.QuotedString, builder.ToString(), origin);
            }

            if (c == '\n')
            {
                throw new HoconParseException(
                    Here,
                    "expected '\"' to close the quoted string but found a newline (use \\n, or a \"\"\"triple-quoted\"\"\" string)");
            }

            if (c == '\\')
            {
                var escapeOrigin = Here;
                Advance();
                var e = Peek();
                Advance();
                switch (e)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (_position + 4 > _text.Length
                            || !ushort.TryParse(_text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            throw new HoconParseException(escapeOrigin, "expected four hexadecimal digits after \\u");
                        }

                        builder.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        throw new HoconParseException(
                            escapeOrigin,
                            $"expected an escape such as \\n, \\\", \\\\ or \\uXXXX but found '\\{(e == '\0' ? "" : e.ToString())}'");
                }

                continue;
            }

            builder.Append(c);
            Advance();
        }
    }

    private HoconToken ReadTripleQuoted(HoconOrigin origin)
    {
        _position += 3;
        var start = _position;
        while (HasMore())
        {
            if (Peek() == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                // Any run of three or more quotes closes the string; the extra quotes belong to it (as in Scala).
                var runEnd = _position;
                while (runEnd < _text.Length && _text[runEnd] == '"')
                {
                    runEnd++;
                }

                var value = _text[start..(runEnd - 3)];
                _position = runEnd;
                return new HoconToken(HoconTokenKind.QuotedString, value, origin);
            }

            if (Peek() == '\n')
            {
                Advance();
                _line++;
                _lineStart = _position;
            }
            else
            {
                Advance();
            }
        }

        throw new HoconParseException(origin, "expected '\"\"\"' to close the triple-quoted string but reached end of input");
    }

    private HoconToken ReadSubstitution(HoconOrigin origin)
    {
        _position += 2;
        var optional = false;
        if (Peek() == '?')
        {
            optional = true;
            Advance();
        }

        var pieces = new List<HoconToken>();
        while (true)
        {
            var token = Next(inSubstitution: true);
            if (token.Kind == HoconTokenKind.CloseBrace)
            {
                break;
            }

            if (token.Kind != HoconTokenKind.Whitespace && !token.IsSimpleValue)
            {
                throw new HoconParseException(
                    token.Origin,
                    $"expected '}}' to close the substitution opened at {origin.Line}:{origin.Column} but found {token.Describe()}");
            }

            pieces.Add(token);
        }

        var trimmed = HoconPathBuilder.Trim(pieces);
        if (trimmed.Count == 0)
        {
            throw new HoconParseException(origin, "expected a path inside the substitution, such as ${a.b}, but found '}'");
        }

        var path = HoconPathBuilder.Build(trimmed, origin);
        return new HoconToken(HoconTokenKind.Substitution, path.ToString(), origin) { Path = path, Optional = optional };
    }
}
