using System.Text;
using Actors.Host.Http.Problems;
using Microsoft.AspNetCore.Http.Features;

namespace Actors.Host.Http;

/// <summary>
/// Reads the key from a <c>/v1/kv/{key}</c> URL. The key is everything after <c>/v1/kv/</c> up to the query,
/// percent-decoded as UTF-8 — so <c>/</c> may appear in keys either literally (<c>/v1/kv/users/42</c>) or encoded
/// (<c>/v1/kv/users%2F42</c>); both name the key <c>users/42</c>. It is decoded from the raw request target, because
/// the server's decoded path keeps <c>%2F</c> encoded and so cannot tell <c>a%2Fb</c> from <c>a%252Fb</c>.
/// </summary>
internal static class KeyPath
{
    public const string Prefix = "/v1/kv/";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The key of the request; <paramref name="suffix"/> (e.g. <c>/increment</c>) is the operation's tail, not the key's.</summary>
    public static string KeyOf(HttpContext context, string? suffix = null)
    {
        // Spans over the raw target until the key itself: one allocation per request, the key.
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var hasRaw = !string.IsNullOrEmpty(rawTarget) && rawTarget[0] == '/';

        // A server that keeps no raw target (the in-memory test server) has only the decoded path, where just %2F is
        // left encoded; there a literal "%2F" in a key is indistinguishable from "/". Kestrel always keeps the raw target.
        var path = hasRaw ? rawTarget.AsSpan() : (context.Request.Path.Value ?? string.Empty).AsSpan();
        if (hasRaw && path.IndexOf('?') is var query and >= 0)
        {
            path = path[..query];
        }

        if (!path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            // Not reachable through routing, but a key must never be guessed from another path.
            throw HttpProblemException.BadParameter($"The key must follow {Prefix} in the path.");
        }

        var encoded = path[Prefix.Length..];
        if (suffix is not null)
        {
            if (!encoded.EndsWith(suffix, StringComparison.Ordinal))
            {
                throw HttpProblemException.BadParameter($"Expected a path ending in '{suffix}'.");
            }

            encoded = encoded[..^suffix.Length];
        }

        return hasRaw ? Decode(encoded) : encoded.ToString().Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }

    internal static string Decode(ReadOnlySpan<char> encoded)
    {
        if (!encoded.Contains('%'))
        {
            return encoded.ToString();
        }

        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(encoded.Length)];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%')
            {
                if (i + 2 >= encoded.Length || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2]))
                {
                    throw HttpProblemException.BadParameter($"The key's percent-encoding is malformed at '{encoded[i..Math.Min(encoded.Length, i + 3)].ToString()}': '%' must be followed by two hex digits (write '%25' for a literal '%').");
                }

                bytes[length++] = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                i += 2;
            }
            else
            {
                length += Encoding.UTF8.GetBytes(encoded.Slice(i, char.IsHighSurrogate(c) && i + 1 < encoded.Length ? 2 : 1), bytes.AsSpan(length));
                if (char.IsHighSurrogate(c))
                {
                    i++;
                }
            }
        }

        try
        {
            return StrictUtf8.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            throw HttpProblemException.BadParameter("The percent-decoded key is not valid UTF-8; keys are Unicode text, percent-encoded as UTF-8.");
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
