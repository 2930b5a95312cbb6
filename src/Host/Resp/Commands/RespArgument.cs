using System.Buffers.Text;
using System.Text;
using Actors.Store;

namespace Actors.Host.Resp.Commands;

/// <summary>Reads typed values out of a command's arguments.</summary>
public static class RespArgument
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A key as the store's text. Redis keys are binary; this store's keys are Unicode, so invalid UTF-8 is refused
    /// rather than silently replaced (two different byte strings must never become one key).
    /// </summary>
    public static string Key(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidKeyException("The key is not valid UTF-8; this store's keys are Unicode text.");
        }
    }

    /// <summary>A 64-bit decimal integer, the whole argument and nothing else (as Redis' string2ll).</summary>
    public static bool TryInteger(ReadOnlyMemory<byte> bytes, out long value)
    {
        var span = bytes.Span;
        value = 0;
        if (span.Length is 0 or > 20 || span[0] == (byte)'+' || (span.Length > 1 && span[0] == (byte)'0') || (span.Length > 2 && span[0] == (byte)'-' && span[1] == (byte)'0'))
        {
            return false;
        }

        return Utf8Parser.TryParse(span, out value, out var consumed) && consumed == span.Length;
    }
}
