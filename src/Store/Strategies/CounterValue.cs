using System.Buffers.Text;

namespace Actors.Store.Strategies;

/// <summary>
/// How a counter is stored: its value as invariant ASCII decimal digits (as Redis stores <c>INCR</c> counters),
/// so that a counter reads back as text and a text number can be incremented. Every strategy uses this
/// encoding, so an increment means the same everywhere.
/// </summary>
public static class CounterValue
{
    /// <summary>The longest encoding: "-9223372036854775808".</summary>
    private const int MaxLength = 20;

    /// <summary>Encodes a counter value.</summary>
    public static byte[] Encode(long value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        Utf8Formatter.TryFormat(value, buffer, out var written);
        return buffer[..written].ToArray();
    }

    /// <summary>Decodes a counter value; false when the bytes are not exactly a decimal integer.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out long value) =>
        Utf8Parser.TryParse(encoded, out value, out var consumed) && consumed == encoded.Length && encoded.Length > 0;

    /// <summary>Decodes a counter value.</summary>
    /// <exception cref="FormatException">The bytes are not a counter.</exception>
    public static long Decode(ReadOnlySpan<byte> encoded, string key) =>
        TryDecode(encoded, out var value)
            ? value
            : throw new FormatException($"The value of key '{key}' is not a counter: it is not a decimal integer ({encoded.Length} bytes).");
}
