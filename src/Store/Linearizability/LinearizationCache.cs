namespace Actors.Store.Linearizability;

/// <summary>
/// The configurations the search has already reached: a set of linearized operations together with the
/// state they produced. Reaching the same configuration by another order cannot lead anywhere new, so the
/// search skips it; this is what makes WGL practical (Lowe, "Testing for linearizability", 2017).
/// </summary>
/// <remarks>
/// A hash set written for the purpose rather than <see cref="HashSet{T}"/>: the bitsets live in one
/// growing arena (no array per entry), and a lookup compares against the search's live bitset without
/// copying it first; only an insertion copies it.
/// </remarks>
internal sealed class LinearizationCache<TState>
{
    private const int NoEntry = -1;

    private readonly IEqualityComparer<TState> _comparer;
    private readonly int _words;
    private int[] _buckets;
    private int[] _chain;
    private ulong[] _hashes;
    private TState[] _states;
    private ulong[] _bits;

    public LinearizationCache(int words, IEqualityComparer<TState> comparer)
    {
        _words = words;
        _comparer = comparer;
        _buckets = NewBuckets(1024);
        _chain = new int[512];
        _hashes = new ulong[512];
        _states = new TState[512];
        _bits = new ulong[512 * words];
    }

    public int Count { get; private set; }

    /// <summary>
    /// Adds the configuration (<paramref name="set"/>, <paramref name="state"/>) whose combined hash is
    /// <paramref name="hash"/>; returns false if it was already there.
    /// </summary>
    public bool TryAdd(ulong[] set, TState state, ulong hash)
    {
        var bucket = (int)(hash >> 32 ^ hash) & (_buckets.Length - 1);
        for (var i = _buckets[bucket]; i != NoEntry; i = _chain[i])
        {
            if (_hashes[i] == hash
                && set.AsSpan().SequenceEqual(_bits.AsSpan(i * _words, _words))
                && _comparer.Equals(_states[i], state))
            {
                return false;
            }
        }

        if (Count == _hashes.Length)
        {
            Grow();
            bucket = (int)(hash >> 32 ^ hash) & (_buckets.Length - 1);
        }

        var index = Count++;
        _hashes[index] = hash;
        _states[index] = state;
        set.AsSpan().CopyTo(_bits.AsSpan(index * _words, _words));
        _chain[index] = _buckets[bucket];
        _buckets[bucket] = index;
        return true;
    }

    private void Grow()
    {
        var capacity = _hashes.Length * 2;
        Array.Resize(ref _chain, capacity);
        Array.Resize(ref _hashes, capacity);
        Array.Resize(ref _states, capacity);
        Array.Resize(ref _bits, capacity * _words);

        // Keep the load factor at most one half.
        _buckets = NewBuckets(capacity * 2);
        for (var i = 0; i < Count; i++)
        {
            var bucket = (int)(_hashes[i] >> 32 ^ _hashes[i]) & (_buckets.Length - 1);
            _chain[i] = _buckets[bucket];
            _buckets[bucket] = i;
        }
    }

    private static int[] NewBuckets(int length)
    {
        var buckets = new int[length];
        Array.Fill(buckets, NoEntry);
        return buckets;
    }
}
