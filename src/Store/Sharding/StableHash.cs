using System.Text;

namespace Actors.Store.Sharding;

/// <summary>
/// The store's key hash, identical on every process, machine and .NET version (unlike <c>string.GetHashCode</c>):
/// 64-bit FNV-1a over the key's UTF-8 bytes, finished with the SplitMix64 mixer so that the low bits — which the
/// shard modulo uses — depend on every input byte. If the key contains a hash tag, the first <c>{…}</c> with at least
/// one character inside, only the tag is hashed (Redis Cluster's rule), so related keys can share a shard.
/// <code>shard = (int)(Mix(Fnv1a64(utf8(tagOrKey))) % (ulong)shards)</code>
/// </summary>
public static class StableHash
{
    private const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>The shard of <paramref name="key"/> among <paramref name="shards"/>.</summary>
    public static int ShardOf(string key, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        return (int)(Hash(key) % (ulong)shards);
    }

    /// <summary>The 64-bit hash of <paramref name="key"/> (of its hash tag, if it has one).</summary>
    public static ulong Hash(string key)
    {
        var hashed = HashTag(key);

        // ASCII text is its own UTF-8: hash the characters directly and skip the encoding (the common case).
        var hash = FnvOffsetBasis;
        var ascii = true;
        foreach (var c in hashed)
        {
            if (c >= 0x80)
            {
                ascii = false;
                break;
            }

            hash ^= c;
            hash *= FnvPrime;
        }

        if (ascii)
        {
            return Mix(hash);
        }

        Span<byte> buffer = hashed.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(hashed.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(hashed.Length)];
        var length = Encoding.UTF8.GetBytes(hashed, buffer);
        return Mix(Fnv1a64(buffer[..length]));
    }

    /// <summary>FNV-1a, 64 bits.</summary>
    public static ulong Fnv1a64(ReadOnlySpan<byte> data)
    {
        var hash = FnvOffsetBasis;
        foreach (var b in data)
        {
            hash ^= b;
            hash *= FnvPrime;
        }

        return hash;
    }

    /// <summary>The SplitMix64 finaliser.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The part of <paramref name="key"/> that decides its shard: the first non-empty <c>{…}</c>, or the whole key.</summary>
    public static ReadOnlySpan<char> HashTag(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = key.IndexOf('}', open + 1);
            if (close > open + 1)
            {
                return key.AsSpan(open + 1, close - open - 1);
            }
        }

        return key;
    }
}
