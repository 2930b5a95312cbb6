using System.Globalization;
using System.Text;

namespace Actors.Configuration.Hocon;

/// <summary>Renders values as HOCON text or as JSON.</summary>
/// <remarks>
/// HOCON output quotes every string and omits the root braces; reading it back gives the same tree. JSON output is
/// plain JSON with numbers kept as written.
/// </remarks>
public static class HoconRenderer
{
    private const int IndentSize = 2;

    /// <summary>Renders a value as HOCON; an object is rendered without its root braces.</summary>
    public static string ToHocon(HoconValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder();
        if (value is HoconObject root)
        {
            foreach (var (key, child) in root)
            {
                AppendField(builder, key, child, indent: 0);
            }
        }
        else
        {
            AppendValue(builder, value, indent: 0);
            builder.Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Renders a resolved value as JSON.</summary>
    public static string ToJson(HoconValue value, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder();
        AppendJson(builder, value, indented, indent: 0);
        return builder.ToString();
    }

    /// <summary>Appends a key, quoted unless it reads back unquoted as exactly one key.</summary>
    internal static void AppendKey(StringBuilder builder, string key)
    {
        if (IsSafeUnquotedKey(key))
        {
            builder.Append(key);
        }
        else
        {
            AppendQuoted(builder, key);
        }
    }

    internal static void AppendQuoted(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: builder.Append(c); break;
            }
        }

        builder.Append('"');
    }

    private static bool IsSafeUnquotedKey(string key)
    {
        // Letters, digits, '-' and '_' only, not starting like a number, and not the include keyword.
        if (key.Length == 0 || key == "include" || char.IsAsciiDigit(key[0]) || key[0] == '-')
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendField(StringBuilder builder, string key, HoconValue value, int indent)
    {
        builder.Append(' ', indent);
        AppendKey(builder, key);
        builder.Append(value is HoconObject ? " " : " = ");
        AppendValue(builder, value, indent);
        builder.Append('\n');
    }

    private static void AppendValue(StringBuilder builder, HoconValue value, int indent)
    {
        switch (value)
        {
            case HoconObject { Count: 0 }:
                builder.Append("{}");
                break;
            case HoconObject obj:
                builder.Append("{\n");
                foreach (var (key, child) in obj)
                {
                    AppendField(builder, key, child, indent + IndentSize);
                }

                builder.Append(' ', indent).Append('}');
                break;
            case HoconArray { Count: 0 }:
                builder.Append("[]");
                break;
            case HoconArray array:
                builder.Append("[\n");
                foreach (var item in array)
                {
                    builder.Append(' ', indent + IndentSize);
                    AppendValue(builder, item, indent + IndentSize);
                    builder.Append('\n');
                }

                builder.Append(' ', indent).Append(']');
                break;
            case HoconScalar { Type: HoconValueType.String } scalar:
                AppendQuoted(builder, scalar.Text);
                break;
            case HoconScalar scalar:
                builder.Append(scalar.Text);
                break;

            // Unresolved nodes only show up when debugging the parser.
            case HoconSubstitution substitution:
                builder.Append(substitution.Render());
                break;
            case HoconConcatenation concatenation:
                foreach (var piece in concatenation.Pieces)
                {
                    AppendValue(builder, piece, indent);
                }

                break;
            case HoconMergeStack stack:
                AppendValue(builder, stack.Stack[0], indent);
                break;
        }
    }

    private static void AppendJson(StringBuilder builder, HoconValue value, bool indented, int indent)
    {
        switch (value)
        {
            case HoconObject obj:
                AppendJsonContainer(builder, '{', '}', obj, indented, indent, static (b, field, ind, nested) =>
                {
                    AppendQuoted(b, field.Key);
                    b.Append(ind ? ": " : ":");
                    AppendJson(b, field.Value, ind, nested);
                });
                break;
            case HoconArray array:
                AppendJsonContainer(builder, '[', ']', array, indented, indent, static (b, item, ind, nested) => AppendJson(b, item, ind, nested));
                break;
            case HoconScalar { Type: HoconValueType.String } scalar:
                AppendQuoted(builder, scalar.Text);
                break;
            case HoconScalar { Type: HoconValueType.Number } scalar:
                builder.Append(JsonNumber(scalar));
                break;
            case HoconScalar scalar:
                builder.Append(scalar.Text);
                break;
            default:
                throw new InvalidOperationException($"{value.Origin}: cannot render an unresolved value as JSON");
        }
    }

    private static void AppendJsonContainer<T>(
        StringBuilder builder,
        char open,
        char close,
        IReadOnlyCollection<T> items,
        bool indented,
        int indent,
        Action<StringBuilder, T, bool, int> appendItem)
    {
        builder.Append(open);
        if (items.Count == 0)
        {
            builder.Append(close);
            return;
        }

        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            if (indented)
            {
                builder.Append('\n').Append(' ', indent + IndentSize);
            }

            appendItem(builder, item, indented, indent + IndentSize);
        }

        if (indented)
        {
            builder.Append('\n').Append(' ', indent);
        }

        builder.Append(close);
    }

    private static string JsonNumber(HoconScalar scalar)
    {
        // Numbers keep their written text; the leading zeros HOCON accepts and JSON does not are normalized.
        var text = scalar.Text;
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        if (digits.Length > 1 && digits[0] == '0' && char.IsAsciiDigit(digits[1]))
        {
            if (scalar.TryGetInt64(out var integer))
            {
                return integer.ToString(CultureInfo.InvariantCulture);
            }

            scalar.TryGetDouble(out var number);
            return number.ToString("R", CultureInfo.InvariantCulture);
        }

        return text;
    }
}
