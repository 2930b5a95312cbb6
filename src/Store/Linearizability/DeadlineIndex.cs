namespace Actors.Store.Linearizability;

/// <summary>
/// The operations of a partition that have a progress deadline
/// (<see cref="LinearizabilityModel{TState, TInput, TOutput}.ProgressDeadline"/>), sorted by it, so that
/// the search can find those a move of the state's progress has left behind with a binary search.
/// </summary>
internal sealed class DeadlineIndex
{
    private readonly long[] _deadlines;
    private readonly int[] _operations;

    public DeadlineIndex(long[] deadlineOfOperation)
    {
        var count = deadlineOfOperation.Count(d => d != long.MaxValue);
        _deadlines = new long[count];
        _operations = new int[count];
        var i = 0;
        for (var op = 0; op < deadlineOfOperation.Length; op++)
        {
            if (deadlineOfOperation[op] != long.MaxValue)
            {
                _deadlines[i] = deadlineOfOperation[op];
                _operations[i] = op;
                i++;
            }
        }

        Array.Sort(_deadlines, _operations);
    }

    public int Count => _deadlines.Length;

    public long DeadlineAt(int index) => _deadlines[index];

    public int OperationAt(int index) => _operations[index];

    /// <summary>The first index whose deadline is at least <paramref name="value"/>.</summary>
    public int LowerBound(long value)
    {
        int low = 0, high = _deadlines.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_deadlines[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
