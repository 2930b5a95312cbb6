using System.Text;

namespace Actors.Configuration.Hocon;

/// <summary>
/// Turns the tokens of a path expression (a key or the inside of a substitution) into a <see cref="HoconPath"/>.
/// </summary>
/// <remarks>
/// A path expression is a concatenation: pieces are joined with the whitespace between them kept. Only the
/// <c>.</c> of unquoted text and of numbers separates keys, and numbers keep their written text, so <c>10.0</c> is the
/// two keys <c>10</c> and <c>0</c> while <c>"a.b"</c> is one key.
/// </remarks>
internal static class HoconPathBuilder
{
    public static List<HoconToken> Trim(List<HoconToken> tokens)
    {
        var start = 0;
        var end = tokens.Count;
        while (start < end && tokens[start].Kind == HoconTokenKind.Whitespace)
        {
            start++;
        }

        while (end > start && tokens[end - 1].Kind == HoconTokenKind.Whitespace)
        {
            end--;
        }

        return start == 0 && end == tokens.Count ? tokens : tokens.GetRange(start, end - start);
    }

    public static HoconPath Build(List<HoconToken> tokens, HoconOrigin origin)
    {
        var segments = new List<string>();
        var current = new StringBuilder();

        // A key may be empty only when it was quoted; this tracks whether the current key saw any quoted piece.
        var currentQuoted = false;
        var written = Describe(tokens);
        var lastDot = origin;

        foreach (var token in tokens)
        {
            if (token.Kind == HoconTokenKind.QuotedString)
            {
                current.Append(token.Text);
                currentQuoted = true;
                continue;
            }

            var text = token.Text;
            if (token.Kind == HoconTokenKind.Whitespace)
            {
                current.Append(text);
                continue;
            }

            var start = 0;
            int dot;
            while ((dot = text.IndexOf('.', start)) >= 0)
            {
                // Unquoted text and numbers never span lines, so the dot's column is an offset into the token.
                current.Append(text, start, dot - start);
                lastDot = token.Origin with { Column = token.Origin.Column + dot };
                Finish(lastDot);
                start = dot + 1;
            }

            current.Append(text, start, text.Length - start);
        }

        if (current.Length == 0 && !currentQuoted)
        {
            throw new HoconParseException(
                lastDot,
                $"expected a key after the last '.' in the path '{written}' (a path may not end with '.')");
        }

        segments.Add(current.ToString());
        return new HoconPath(segments);

        void Finish(HoconOrigin at)
        {
            if (current.Length == 0 && !currentQuoted)
            {
                var what = segments.Count == 0
                    ? "a path may not start with '.'"
                    : "two '.' in a row; an empty key must be quoted, as in a.\"\".b";
                throw new HoconParseException(at, $"expected a key before '.' in the path '{written}' ({what})");
            }

            segments.Add(current.ToString());
            current.Clear();
            currentQuoted = false;
        }
    }

    private static string Describe(List<HoconToken> tokens)
    {
        var builder = new StringBuilder();
        foreach (var token in tokens)
        {
            if (token.Kind == HoconTokenKind.QuotedString)
            {
                builder.Append('"').Append(token.Text).Append('"');
            }
            else
            {
                builder.Append(token.Text);
            }
        }

        return builder.ToString();
    }
}
