using System.Diagnostics;

namespace Actors.Store.Linearizability;

/// <summary>
/// The Wing–Gong–Lowe search over one partition of a history: repeatedly linearize the earliest pending
/// operation the model accepts, and backtrack when an operation returns before it could be linearized.
/// </summary>
/// <remarks>
/// The search is depth-first over the <see cref="EntryList"/> with an explicit stack, pruned by the
/// <see cref="LinearizationCache{TState}"/>. It stops as soon as every operation with a known outcome is
/// linearized: the remaining operations have unknown outcomes, which the model accepts in any state, so
/// they can always follow (that is the "or never" of an operation that may not have happened).
/// While it backtracks it remembers the deepest point it reached, which is what a report shows.
/// </remarks>
internal sealed class PartitionSearch<TState, TInput, TOutput>
{
    // How many steps between two looks at the clock and the cancellation token.
    private const int DeadlineCheckInterval = 4096;

    private readonly LinearizabilityModel<TState, TInput, TOutput> _model;
    private readonly PartitionHistory<TInput, TOutput> _history;

    public PartitionSearch(LinearizabilityModel<TState, TInput, TOutput> model, PartitionHistory<TInput, TOutput> history)
    {
        _model = model;
        _history = history;
    }

    /// <summary>Operations of the deepest linearization found, in order (indices into the partition).</summary>
    public int[] LongestPrefix { get; private set; } = [];

    /// <summary>The operation that returned before anything could extend <see cref="LongestPrefix"/>.</summary>
    public int BlockingOperation { get; private set; } = -1;

    /// <summary>How many configurations the search explored.</summary>
    public int ExploredCount { get; private set; }

    public LinearizabilityVerdict Run(long deadline, CancellationToken cancellationToken)
    {
        var history = _history;
        var n = history.Count;
        var remainingKnown = history.KnownCount;
        if (remainingKnown == 0)
        {
            return LinearizabilityVerdict.Linearizable;
        }

        var model = _model;
        var comparer = model.StateComparer;
        var entries = new EntryList(history.CallTimes, history.ReturnTimes);
        var linearized = new LinearizedSet(n);
        var cache = new LinearizationCache<TState>(linearized.Words.Length, comparer);
        var stackEntries = new int[n];
        var stackStates = new TState[n];
        var depth = 0;
        var bestDepth = -1;
        var state = model.InitialState;
        var steps = 0;

        try
        {
            var entry = entries.First;
            while (true)
            {
                if (++steps == DeadlineCheckInterval)
                {
                    steps = 0;
                    if (Stopwatch.GetTimestamp() > deadline || cancellationToken.IsCancellationRequested)
                    {
                        return LinearizabilityVerdict.Unknown;
                    }
                }

                // An operation with a known outcome always has its return entry in the list before the end,
                // so the walk meets a return entry (and backtracks) before it could run off the list.
                Debug.Assert(entry != EntryList.End);

                if (EntryList.IsCall(entry))
                {
                    var op = EntryList.OperationOf(entry);
                    var input = history.Inputs[op];
                    bool allowed;
                    TState next;
                    if (history.Known[op])
                    {
                        allowed = model.Step(state, input, history.Outputs[op]!, out next);
                    }
                    else
                    {
                        allowed = true;
                        next = model.StepWithUnknownOutput(state, input);
                    }

                    if (allowed)
                    {
                        var hash = LinearizedSet.Combine(linearized.HashWithToggled(op), comparer.GetHashCode(next!));
                        linearized.Add(op);
                        if (cache.TryAdd(linearized.Words, next, hash))
                        {
                            stackEntries[depth] = entry;
                            stackStates[depth] = state;
                            depth++;
                            state = next;
                            entries.Lift(entry);
                            if (history.Known[op] && --remainingKnown == 0)
                            {
                                return LinearizabilityVerdict.Linearizable;
                            }

                            entry = entries.First;
                            continue;
                        }

                        linearized.Remove(op);
                    }

                    entry = entries.Next(entry);
                }
                else
                {
                    // This operation returned, yet no order of what was pending lets it take effect first.
                    if (depth > bestDepth)
                    {
                        bestDepth = depth;
                        LongestPrefix = new int[depth];
                        for (var i = 0; i < depth; i++)
                        {
                            LongestPrefix[i] = EntryList.OperationOf(stackEntries[i]);
                        }

                        BlockingOperation = EntryList.OperationOf(entry);
                    }

                    if (depth == 0)
                    {
                        return LinearizabilityVerdict.NotLinearizable;
                    }

                    depth--;
                    var call = stackEntries[depth];
                    var op = EntryList.OperationOf(call);
                    state = stackStates[depth];
                    stackStates[depth] = default!;
                    linearized.Remove(op);
                    entries.Unlift(call);
                    if (history.Known[op])
                    {
                        remainingKnown++;
                    }

                    entry = entries.Next(call);
                }
            }
        }
        finally
        {
            ExploredCount = cache.Count;
        }
    }
}
