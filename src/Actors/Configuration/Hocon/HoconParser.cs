using System.Text;

namespace Actors.Configuration.Hocon;

/// <summary>
/// Builds an unresolved tree from tokens: objects (with and without root braces), arrays, fields with path keys,
/// value concatenations, <c>+=</c> and include statements. Duplicate keys are merged as they are read.
/// </summary>
/// <remarks>
/// Substitutions are kept as nodes; nothing here looks values up, because resolution must see the whole document
/// and its fallbacks (spec: "Substitution processing is performed as the last parsing step").
/// </remarks>
internal sealed class HoconParser
{
    private readonly List<HoconToken> _tokens;
    private readonly string? _baseDirectory;
    private readonly HoconIncluder _includer;
    private int _index;

    private HoconParser(List<HoconToken> tokens, string? baseDirectory, HoconIncluder includer)
    {
        _tokens = tokens;
        _baseDirectory = baseDirectory;
        _includer = includer;
    }

    private HoconToken Peek => _tokens[_index];

    /// <summary>Parses a whole document; the root is an object, or an array for a JSON array document.</summary>
    public static HoconValue Parse(string text, string source, string? baseDirectory, HoconIncluder includer)
    {
        var parser = new HoconParser(HoconTokenizer.Tokenize(text, source), baseDirectory, includer);
        return parser.ParseDocument();
    }

    private static HoconParseException Error(HoconToken at, string message) => new(at.Origin, message);

    private HoconToken Next()
    {
        var token = _tokens[_index];
        if (token.Kind != HoconTokenKind.EndOfInput)
        {
            _index++;
        }

        return token;
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (Peek.Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            _index++;
        }
    }

    private HoconValue ParseDocument()
    {
        SkipWhitespaceAndNewlines();
        var first = Peek;
        HoconValue root;
        if (first.Kind == HoconTokenKind.OpenBrace)
        {
            Next();
            root = ParseObjectBody(first, braced: true, HoconPath.Root);
        }
        else if (first.Kind == HoconTokenKind.OpenBracket)
        {
            Next();
            root = ParseArrayBody(first);
        }
        else
        {
            // Spec: "if the file does not begin with a square bracket or curly brace, it is parsed as if it were
            // enclosed with {} curly braces".
            root = ParseObjectBody(first, braced: false, HoconPath.Root);
        }

        SkipWhitespaceAndNewlines();
        if (Peek.Kind != HoconTokenKind.EndOfInput)
        {
            throw Error(Peek, $"expected end of input after the root {(root is HoconArray ? "array" : "object")} but found {Peek.Describe()}");
        }

        return root;
    }

    /// <param name="open">The <c>{</c> token, or the first token of a document without root braces.</param>
    /// <param name="braced">Whether the object ends at <c>}</c> rather than at the end of input.</param>
    /// <param name="prefix">The path of this object from the document root; null inside arrays, where none exists.</param>
    private HoconObject ParseObjectBody(HoconToken open, bool braced, HoconPath? prefix)
    {
        var result = new HoconObject(open.Origin);
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Peek;
            switch (token.Kind)
            {
                case HoconTokenKind.CloseBrace when braced:
                    Next();
                    return result;
                case HoconTokenKind.CloseBrace:
                    throw Error(token, "expected a field or end of input but found '}' with no matching '{' (the document omits its root braces)");
                case HoconTokenKind.EndOfInput when braced:
                    throw Error(token, $"expected '}}' to close the object opened at {open.Origin.Line}:{open.Origin.Column} but reached end of input");
                case HoconTokenKind.EndOfInput:
                    return result;
                case HoconTokenKind.Comma:
                    throw Error(token, $"expected a field or {(braced ? "'}'" : "end of input")} but found ','");
            }

            if (token.Kind == HoconTokenKind.UnquotedString && token.Text == "include")
            {
                ParseInclude(result, prefix);
            }
            else
            {
                ParseField(result, prefix);
            }

            ConsumeSeparator(open, braced ? HoconTokenKind.CloseBrace : HoconTokenKind.EndOfInput, "field");
        }
    }

    private HoconArray ParseArrayBody(HoconToken open)
    {
        var items = new List<HoconValue>();
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Peek;
            switch (token.Kind)
            {
                case HoconTokenKind.CloseBracket:
                    Next();
                    return new HoconArray(open.Origin, items);
                case HoconTokenKind.EndOfInput:
                    throw Error(token, $"expected ']' to close the array opened at {open.Origin.Line}:{open.Origin.Column} but reached end of input");
                case HoconTokenKind.Comma:
                    throw Error(token, "expected a value or ']' but found ','");
            }

            items.Add(ParseValue(prefix: null, "an array element"));
            ConsumeSeparator(open, HoconTokenKind.CloseBracket, "value");
        }
    }

    /// <summary>
    /// Consumes what separates two fields or elements: a comma, newlines, or both, with at most one comma. Stops in
    /// front of the closer so that the caller sees it.
    /// </summary>
    private void ConsumeSeparator(HoconToken open, HoconTokenKind closer, string what)
    {
        var separated = false;
        var sawComma = false;
        while (true)
        {
            var token = Peek;
            switch (token.Kind)
            {
                case HoconTokenKind.Whitespace:
                    Next();
                    continue;
                case HoconTokenKind.Newline:
                    Next();
                    separated = true;
                    continue;
                case HoconTokenKind.Comma when sawComma:
                    throw Error(token, $"expected a {what} or {Closer(closer)} after ',' but found another ','");
                case HoconTokenKind.Comma:
                    Next();
                    sawComma = true;
                    separated = true;
                    continue;
            }

            if (!separated && token.Kind != closer && token.Kind != HoconTokenKind.EndOfInput)
            {
                var opened = closer == HoconTokenKind.EndOfInput
                    ? string.Empty
                    : $" to close the {(closer == HoconTokenKind.CloseBrace ? "object" : "array")} opened at {open.Origin.Line}:{open.Origin.Column}";
                throw Error(token, $"expected ',', a newline or {Closer(closer)}{opened} after the {what} but found {token.Describe()}");
            }

            return;
        }

        static string Closer(HoconTokenKind closer) => closer switch
        {
            HoconTokenKind.CloseBrace => "'}'",
            HoconTokenKind.CloseBracket => "']'",
            _ => "end of input",
        };
    }

    private void ParseField(HoconObject target, HoconPath? prefix)
    {
        var start = Peek;
        var keyTokens = new List<HoconToken>();
        while (Peek.IsSimpleValue || Peek.Kind == HoconTokenKind.Whitespace)
        {
            keyTokens.Add(Next());
        }

        if (Peek.Kind == HoconTokenKind.Substitution)
        {
            throw Error(Peek, "expected a key but found a substitution (substitutions are not allowed in keys)");
        }

        keyTokens = HoconPathBuilder.Trim(keyTokens);
        if (keyTokens.Count == 0)
        {
            throw Error(start, $"expected a key but found {start.Describe()}");
        }

        var key = HoconPathBuilder.Build(keyTokens, start.Origin);
        var fieldPath = prefix?.Append(key);

        // Newlines may sit between a key and its separator (or its '{').
        SkipWhitespaceAndNewlines();
        var separator = Peek;
        HoconValue value;
        switch (separator.Kind)
        {
            case HoconTokenKind.Colon or HoconTokenKind.Equals:
                Next();
                SkipWhitespaceAndNewlines();
                value = ParseValue(fieldPath, $"the key '{key}'");
                break;
            case HoconTokenKind.OpenBrace:
                value = ParseValue(fieldPath, $"the key '{key}'");
                break;
            case HoconTokenKind.PlusEquals:
                if (fieldPath is null)
                {
                    throw Error(separator, $"'+=' cannot be used inside an array (key '{key}'); write the array out instead");
                }

                Next();
                SkipWhitespaceAndNewlines();
                var element = ParseValue(prefix: null, $"the key '{key}'");

                // Spec: "a += b" becomes "a = ${?a} [b]".
                value = new HoconConcatenation(
                    [
                        new HoconSubstitution(fieldPath, optional: true, separator.Origin) { IsSelfAppend = true },
                        new HoconArray(element.Origin, [element]),
                    ],
                    separator.Origin);
                break;
            default:
                throw Error(separator, $"expected ':', '=', '+=' or '{{' after the key '{key}' but found {separator.Describe()}");
        }

        // a.b.c = v is a { b { c = v } }; the outer levels then merge like any duplicate key.
        for (var i = key.Count - 1; i >= 1; i--)
        {
            var wrapper = new HoconObject(start.Origin);
            wrapper.Set(key[i], value);
            value = wrapper;
        }

        HoconMerge.SetField(target, key[0], value);
    }

    private HoconValue ParseValue(HoconPath? prefix, string context)
    {
        var pieces = new List<HoconValue>();
        while (true)
        {
            var token = Peek;
            HoconValue piece;
            switch (token.Kind)
            {
                case HoconTokenKind.Whitespace:
                    piece = HoconScalar.Whitespace(token.Text, token.Origin);
                    break;
                case HoconTokenKind.QuotedString or HoconTokenKind.UnquotedString:
                    piece = HoconScalar.String(token.Text, token.Origin);
                    break;
                case HoconTokenKind.Number:
                    piece = HoconScalar.Number(token.Text, token.Origin);
                    break;
                case HoconTokenKind.True or HoconTokenKind.False:
                    piece = HoconScalar.Boolean(token.Kind == HoconTokenKind.True, token.Origin);
                    break;
                case HoconTokenKind.Null:
                    piece = HoconScalar.Null(token.Origin);
                    break;
                case HoconTokenKind.Substitution:
                    piece = new HoconSubstitution(token.Path!, token.Optional, token.Origin);
                    break;
                case HoconTokenKind.OpenBrace:
                    Next();
                    pieces.Add(ParseObjectBody(token, braced: true, prefix));
                    continue;
                case HoconTokenKind.OpenBracket:
                    Next();
                    pieces.Add(ParseArrayBody(token));
                    continue;
                default:
                    goto Done;
            }

            Next();
            pieces.Add(piece);
        }

    Done:
        // Whitespace before the first and after the last piece is not part of the value.
        var start = 0;
        var end = pieces.Count;
        while (start < end && IsWhitespace(pieces[start]))
        {
            start++;
        }

        while (end > start && IsWhitespace(pieces[end - 1]))
        {
            end--;
        }

        if (start == end)
        {
            throw Error(Peek, $"expected a value for {context} but found {Peek.Describe()}");
        }

        return Concatenate(pieces.GetRange(start, end - start));
    }

    private static bool IsWhitespace(HoconValue value) => value is HoconScalar { IsWhitespace: true };

    /// <summary>
    /// Folds the pieces of a value concatenation when no substitution is involved; otherwise checks what can be
    /// checked now and leaves the rest to the resolver.
    /// </summary>
    private static HoconValue Concatenate(List<HoconValue> pieces)
    {
        if (pieces.Count == 1)
        {
            return pieces[0];
        }

        HoconValue? firstComposite = null;
        HoconValue? firstSimple = null;
        var hasSubstitution = false;
        foreach (var piece in pieces)
        {
            switch (piece)
            {
                case HoconSubstitution:
                    hasSubstitution = true;
                    break;
                case HoconArray or HoconObject:
                    if (firstComposite is not null && firstComposite.GetType() != piece.GetType())
                    {
                        throw MixError(firstComposite, piece);
                    }

                    firstComposite ??= piece;
                    break;
                case HoconScalar scalar when !scalar.IsWhitespace:
                    firstSimple ??= piece;
                    break;
            }
        }

        if (firstComposite is not null && firstSimple is not null)
        {
            throw MixError(firstComposite, firstSimple);
        }

        if (hasSubstitution)
        {
            return new HoconConcatenation(pieces, pieces[0].Origin);
        }

        if (firstComposite is null)
        {
            var builder = new StringBuilder();
            foreach (var piece in pieces)
            {
                builder.Append(((HoconScalar)piece).Text);
            }

            return HoconScalar.String(builder.ToString(), pieces[0].Origin);
        }

        HoconValue? result = null;
        foreach (var piece in pieces)
        {
            if (IsWhitespace(piece))
            {
                continue;
            }

            result = result switch
            {
                null => piece,
                HoconArray left => new HoconArray(left.Origin, [.. left, .. (HoconArray)piece]),
                _ => HoconMerge.MergeInPlace(piece, result),
            };
        }

        return result!;
    }

    internal static HoconParseException MixError(HoconValue first, HoconValue second)
    {
        static string Name(HoconValue value) => value switch
        {
            HoconArray => "an array",
            HoconObject => "an object",
            HoconScalar scalar => $"the {scalar.Type.ToString().ToLowerInvariant()} '{scalar.Text}'",
            _ => "a value",
        };

        var expected = first is HoconArray ? "another array" : "another object";
        return new HoconParseException(
            second.Origin,
            $"expected {expected} to concatenate with {Name(first)} at {first.Origin.Line}:{first.Origin.Column} but found {Name(second)} (arrays, objects and strings cannot be mixed in a concatenation)");
    }

    private void ParseInclude(HoconObject target, HoconPath? prefix)
    {
        var include = Next();
        SkipWhitespaceAndNewlines();

        // required( and file( are plain unquoted text to the tokenizer; collect them, allowing whitespace between.
        var head = new StringBuilder();
        while (Peek.Kind is HoconTokenKind.UnquotedString or HoconTokenKind.Whitespace)
        {
            var token = Next();
            if (token.Kind == HoconTokenKind.UnquotedString)
            {
                head.Append(token.Text);
            }
        }

        var name = Peek;
        if (name.Kind != HoconTokenKind.QuotedString)
        {
            throw Error(name, $"expected a quoted file name after 'include{(head.Length > 0 ? " " + head : string.Empty)}', as in include \"file.conf\" or include required(file(\"file.conf\")), but found {name.Describe()}");
        }

        Next();
        var (required, closers) = head.ToString() switch
        {
            "" => (false, 0),
            "file(" => (false, 1),
            "required(" => (true, 1),
            "required(file(" => (true, 2),
            "url(" or "classpath(" or "required(url(" or "required(classpath(" =>
                throw Error(include, $"expected include \"file\" or include file(\"file\"): '{head}' includes are not supported"),
            var other => throw Error(include, $"expected include \"file\", include file(\"file\") or include required(file(\"file\")) but found 'include {other}'"),
        };

        var tail = new StringBuilder();
        while (tail.Length < closers && Peek.Kind is HoconTokenKind.UnquotedString or HoconTokenKind.Whitespace)
        {
            var token = Next();
            if (token.Kind == HoconTokenKind.UnquotedString)
            {
                tail.Append(token.Text);
            }
        }

        var expectedTail = new string(')', closers);
        if (tail.ToString() != expectedTail)
        {
            throw Error(Peek, $"expected '{expectedTail}' after the include of \"{name.Text}\" but found {(tail.Length > 0 ? $"'{tail}'" : Peek.Describe())}");
        }

        var included = _includer.Include(name.Text, required, _baseDirectory, name.Origin);
        if (included is null)
        {
            return;
        }

        if (prefix is not null)
        {
            Relativize(included, prefix);
        }

        foreach (var (key, value) in included)
        {
            HoconMerge.SetField(target, key, value);
        }
    }

    /// <summary>Fixes up the substitutions of an included tree to be looked up under the include's location first.</summary>
    private static void Relativize(HoconValue value, HoconPath prefix)
    {
        switch (value)
        {
            case HoconSubstitution substitution:
                substitution.Relativize(prefix);
                break;
            case HoconObject obj:
                foreach (var child in obj.Values)
                {
                    Relativize(child, prefix);
                }

                break;
            case HoconArray array:
                foreach (var child in array)
                {
                    Relativize(child, prefix);
                }

                break;
            case HoconConcatenation concatenation:
                foreach (var child in concatenation.Pieces)
                {
                    Relativize(child, prefix);
                }

                break;
            case HoconMergeStack stack:
                foreach (var child in stack.Stack)
                {
                    Relativize(child, prefix);
                }

                break;
        }
    }
}
