using System.Buffers;
using System.Buffers.Text;

namespace Actors.Host.Resp.Protocol;

/// <summary>
/// Reads commands from the bytes a client sent: RESP arrays of bulk strings (what every client library sends) and
/// inline commands (a line of space-separated words, what a person types into telnet). A frame is checked against
/// <see cref="RespLimits"/> as soon as its headers arrive, so a huge declared length is refused before its bytes are
/// buffered. A malformed frame is reported, never skipped: after it the position of the next frame is unknowable.
/// </summary>
public static class RespParser
{
    // A header line is "*" or "$" and at most 20 characters of a 64-bit integer: anything longer is not a header.
    private const int MaxHeaderLine = 32;

    /// <summary>
    /// Parses the first command in <paramref name="buffer"/>. On <see cref="RespParseStatus.Complete"/> the buffer is
    /// advanced past it; otherwise it is unchanged. Empty inline lines and empty arrays (<c>*0</c>, <c>*-1</c>) are
    /// skipped, as Redis does.
    /// </summary>
    public static RespParseStatus TryParse(ref ReadOnlySequence<byte> buffer, RespLimits limits, out RespRequest? request, out string? error)
    {
        request = null;
        error = null;
        while (!buffer.IsEmpty)
        {
            var reader = new SequenceReader<byte>(buffer);
            reader.TryPeek(out var first);
            var status = first == (byte)'*'
                ? TryParseArray(ref reader, buffer, limits, out request, out error)
                : TryParseInline(ref reader, limits, out request, out error);
            if (status != RespParseStatus.Complete)
            {
                return status;
            }

            buffer = buffer.Slice(reader.Position);
            if (request is not null)
            {
                return RespParseStatus.Complete;
            }
        }

        return RespParseStatus.Incomplete;
    }

    private static RespParseStatus TryParseArray(ref SequenceReader<byte> reader, ReadOnlySequence<byte> buffer, RespLimits limits, out RespRequest? request, out string? error)
    {
        request = null;
        reader.Advance(1);
        var header = TryReadHeader(ref reader, out var count, out error, "invalid multibulk length");
        if (header != RespParseStatus.Complete)
        {
            return header;
        }

        if (count <= 0)
        {
            return RespParseStatus.Complete;
        }

        if (count > limits.MaxArguments)
        {
            error = $"Protocol error: the command has {count:N0} arguments; the limit is {limits.MaxArguments:N0} (store.resp.max-arguments)";
            return RespParseStatus.Malformed;
        }

        var slices = new (long Offset, int Length)[count];
        long total = 0;
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryRead(out var marker))
            {
                return RespParseStatus.Incomplete;
            }

            if (marker != (byte)'$')
            {
                error = $"Protocol error: expected '$' (a bulk string) as argument {i + 1} of the command, got {Describe(marker)}";
                return RespParseStatus.Malformed;
            }

            header = TryReadHeader(ref reader, out var length, out error, "invalid bulk length");
            if (header != RespParseStatus.Complete)
            {
                return header;
            }

            if (length < 0)
            {
                error = $"Protocol error: invalid bulk length {length} (a command's arguments are never null)";
                return RespParseStatus.Malformed;
            }

            if (length > limits.MaxBulkBytes)
            {
                error = $"Protocol error: a bulk string of {length:N0} bytes; the limit is {limits.MaxBulkBytes:N0} bytes (store.resp.max-bulk-bytes)";
                return RespParseStatus.Malformed;
            }

            total += length;
            if (total > limits.MaxCommandBytes)
            {
                error = $"Protocol error: the command's arguments exceed {limits.MaxCommandBytes:N0} bytes (store.resp.max-command-bytes)";
                return RespParseStatus.Malformed;
            }

            if (reader.Remaining < length + 2)
            {
                return RespParseStatus.Incomplete;
            }

            slices[i] = (reader.Consumed, (int)length);
            reader.Advance(length);
            if (!reader.IsNext("\r\n"u8, advancePast: true))
            {
                error = $"Protocol error: the bulk string of argument {i + 1} is not followed by CRLF (is its declared length {length} right?)";
                return RespParseStatus.Malformed;
            }
        }

        // One array for every argument of the frame: the request owns its bytes once the read buffer moves on.
        var bytes = new byte[total];
        var arguments = new ReadOnlyMemory<byte>[count];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var (offset, length) = slices[i];
            buffer.Slice(offset, length).CopyTo(bytes.AsSpan(at, length));
            arguments[i] = bytes.AsMemory(at, length);
            at += length;
        }

        request = new RespRequest(arguments);
        return RespParseStatus.Complete;
    }

    private static RespParseStatus TryReadHeader(ref SequenceReader<byte> reader, out long value, out string? error, string what)
    {
        value = 0;
        error = null;
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8, advancePastDelimiter: true))
        {
            if (reader.Remaining > MaxHeaderLine)
            {
                error = $"Protocol error: {what}: no CRLF within {MaxHeaderLine} bytes of the header";
                return RespParseStatus.Malformed;
            }

            return RespParseStatus.Incomplete;
        }

        Span<byte> digits = stackalloc byte[MaxHeaderLine];
        if (line.Length is 0 or > MaxHeaderLine)
        {
            error = $"Protocol error: {what}";
            return RespParseStatus.Malformed;
        }

        line.CopyTo(digits);
        var text = digits[..(int)line.Length];
        if (!Utf8Parser.TryParse(text, out value, out var consumed) || consumed != text.Length)
        {
            error = $"Protocol error: {what} '{System.Text.Encoding.ASCII.GetString(text)}' (expected a decimal integer)";
            return RespParseStatus.Malformed;
        }

        return RespParseStatus.Complete;
    }

    private static RespParseStatus TryParseInline(ref SequenceReader<byte> reader, RespLimits limits, out RespRequest? request, out string? error)
    {
        request = null;
        error = null;
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n', advancePastDelimiter: true))
        {
            if (reader.Remaining > limits.MaxInlineBytes)
            {
                error = $"Protocol error: an inline command longer than {limits.MaxInlineBytes:N0} bytes (store.resp.max-inline-bytes); client libraries send arrays of bulk strings";
                return RespParseStatus.Malformed;
            }

            return RespParseStatus.Incomplete;
        }

        if (line.Length > limits.MaxInlineBytes)
        {
            error = $"Protocol error: an inline command longer than {limits.MaxInlineBytes:N0} bytes (store.resp.max-inline-bytes)";
            return RespParseStatus.Malformed;
        }

        var bytes = line.ToArray();
        var words = new List<ReadOnlyMemory<byte>>();
        var start = -1;
        for (var i = 0; i <= bytes.Length; i++)
        {
            var separator = i == bytes.Length || bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r';
            if (separator && start >= 0)
            {
                words.Add(bytes.AsMemory(start, i - start));
                start = -1;
            }
            else if (!separator && start < 0)
            {
                start = i;
            }
        }

        if (words.Count > limits.MaxArguments)
        {
            error = $"Protocol error: the command has {words.Count:N0} arguments; the limit is {limits.MaxArguments:N0} (store.resp.max-arguments)";
            return RespParseStatus.Malformed;
        }

        request = words.Count == 0 ? null : new RespRequest([.. words]);
        return RespParseStatus.Complete;
    }

    private static string Describe(byte b) => b is >= 0x20 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";
}
