using System.Text;
using Actors.Store.Events;

namespace Actors.Store.Client;

/// <summary>Checks keys and values against the store's limits before anything reaches a shard.</summary>
internal sealed class KeyRules(int maxKeyBytes, int maxValueBytes)
{
    public void ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new InvalidKeyException("A key must not be empty.");
        }

        // ASCII is its own UTF-8, one byte per character, and needs no surrogate check: the common case, vectorised.
        if (key.Length <= maxKeyBytes && Ascii.IsValid(key))
        {
            return;
        }

        int bytes;
        try
        {
            bytes = BinaryFormat.StrictUtf8.GetByteCount(key);
        }
        catch (EncoderFallbackException)
        {
            throw new InvalidKeyException("The key contains an unpaired surrogate, so it is not valid UTF-8; keys must be valid Unicode text.");
        }

        if (bytes > maxKeyBytes)
        {
            throw new InvalidKeyException($"The key is {bytes:N0} bytes of UTF-8; the limit is {maxKeyBytes:N0} bytes (store.max-key-bytes). Keys are never truncated.");
        }
    }

    public void ValidateLength(int length)
    {
        if (length > maxValueBytes)
        {
            throw new ValueTooLargeException(length, maxValueBytes);
        }
    }

    public byte[] ValidateValue(ReadOnlyMemory<byte> value)
    {
        ValidateLength(value.Length);

        // A copy the store owns: the caller may reuse its buffer as soon as the call returns.
        return value.ToArray();
    }
}
