using System.Numerics;

namespace Actors.Store.Linearizability;

/// <summary>
/// The set of operations linearized so far on the current search path, as a bitset with an incrementally
/// maintained hash, so that looking up "this set plus one more operation" in the cache costs O(1) until
/// the sets have to be compared word by word.
/// </summary>
/// <remarks>
/// The hash is Zobrist's: the XOR of a fixed random 64-bit key per member, so adding or removing a member
/// is one XOR, and two equal sets always have equal hashes whatever order they were built in.
/// </remarks>
internal sealed class LinearizedSet
{
    private readonly ulong[] _keys;

    public LinearizedSet(int capacity)
    {
        Words = new ulong[(capacity + 63) >> 6];
        _keys = new ulong[capacity];

        // Fixed seed: the same history always takes the same search path, which keeps reports reproducible.
        var seed = 0x2545F4914F6CDD1DUL;
        for (var i = 0; i < _keys.Length; i++)
        {
            _keys[i] = SplitMix64(ref seed);
        }
    }

    /// <summary>The bits, for copying into the cache and comparing with it.</summary>
    public ulong[] Words { get; }

    public ulong Hash { get; private set; }

    public int Count { get; private set; }

    /// <summary>The hash the set would have with <paramref name="item"/> toggled.</summary>
    public ulong HashWithToggled(int item) => Hash ^ _keys[item];

    public void Add(int item)
    {
        Words[item >> 6] |= 1UL << item;
        Hash ^= _keys[item];
        Count++;
    }

    public void Remove(int item)
    {
        Words[item >> 6] &= ~(1UL << item);
        Hash ^= _keys[item];
        Count--;
    }

    public bool Contains(int item) => (Words[item >> 6] & (1UL << item)) != 0;

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Mixes a state's 32-bit hash into a set hash so that the pair can be told apart cheaply.</summary>
    public static ulong Combine(ulong setHash, int stateHash) =>
        setHash ^ BitOperations.RotateLeft((ulong)(uint)stateHash * 0x9E3779B97F4A7C15UL, 17);
}
