namespace Actors.Store.Linearizability;

/// <summary>
/// The call and return events of one partition's operations as a doubly linked list in time order,
/// from which the search lifts an operation (both of its entries) when it linearizes it and puts it back
/// when it backtracks, both in constant time (Lowe's representation of the WGL algorithm).
/// </summary>
/// <remarks>
/// Operation <c>k</c> owns entry <c>2k</c> (its call) and <c>2k + 1</c> (its return), so the kind of an
/// entry, its operation and its partner are bit operations rather than lookups. Index <c>2n</c> is the
/// head sentinel; <see cref="End"/> terminates the list.
/// </remarks>
internal sealed class EntryList
{
    public const int End = -1;

    private readonly int[] _next;
    private readonly int[] _prev;

    /// <summary>Builds the list for operations with the given call and return times.</summary>
    public EntryList(long[] callTimes, long[] returnTimes)
    {
        var n = callTimes.Length;
        var order = new int[2 * n];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // By time; at equal times calls come before returns, so that operations touching at one instant
        // count as concurrent (the conservative reading of a coarse clock); then by operation, for determinism.
        Array.Sort(order, (a, b) =>
        {
            var c = TimeOf(a).CompareTo(TimeOf(b));
            if (c != 0)
            {
                return c;
            }

            c = (a & 1).CompareTo(b & 1);
            return c != 0 ? c : a.CompareTo(b);
        });

        Head = 2 * n;
        _next = new int[2 * n + 1];
        _prev = new int[2 * n + 1];
        var previous = Head;
        foreach (var entry in order)
        {
            _next[previous] = entry;
            _prev[entry] = previous;
            previous = entry;
        }

        _next[previous] = End;
        _prev[Head] = End;

        long TimeOf(int entry) => IsCall(entry) ? callTimes[entry >> 1] : returnTimes[entry >> 1];
    }

    /// <summary>The sentinel before the first entry.</summary>
    public int Head { get; }

    /// <summary>The first entry still in the list, or <see cref="End"/>.</summary>
    public int First => _next[Head];

    public static bool IsCall(int entry) => (entry & 1) == 0;

    public static int OperationOf(int entry) => entry >> 1;

    public int Next(int entry) => _next[entry];

    /// <summary>Removes the call entry <paramref name="call"/> and its return entry.</summary>
    public void Lift(int call)
    {
        Unlink(call);
        Unlink(call | 1);
    }

    /// <summary>Undoes <see cref="Lift"/>; must be applied in the reverse order of the lifts.</summary>
    public void Unlift(int call)
    {
        // The return entry was unlinked last, so it is relinked first: its neighbours are the ones it had
        // after the call entry was gone, which is exactly the state of the list now.
        Relink(call | 1);
        Relink(call);
    }

    private void Unlink(int entry)
    {
        var prev = _prev[entry];
        var next = _next[entry];
        _next[prev] = next;
        if (next != End)
        {
            _prev[next] = prev;
        }
    }

    private void Relink(int entry)
    {
        var prev = _prev[entry];
        var next = _next[entry];
        _next[prev] = entry;
        if (next != End)
        {
            _prev[next] = entry;
        }
    }
}
