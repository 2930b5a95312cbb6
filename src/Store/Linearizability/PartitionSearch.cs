using System.Diagnostics;

namespace Actors.Store.Linearizability;

/// <summary>
/// The Wing–Gong–Lowe search over one partition of a history: repeatedly linearize a pending operation
/// the model accepts, and backtrack when an operation returns before it could be linearized.
/// </summary>
/// <remarks>
/// <para>
/// The search is depth-first over the <see cref="EntryList"/> with an explicit stack, pruned by the
/// <see cref="LinearizationCache{TState}"/>: a configuration (set of linearized operations, state) seen
/// before has failed before, since a success ends the search. On top of Lowe's algorithm:
/// </para>
/// <list type="bullet">
/// <item>It stops as soon as every operation with a known outcome is linearized: the rest have unknown
/// outcomes, which the model accepts in any state, so they can follow (or never happen).</item>
/// <item>A read-only operation (<see cref="LinearizabilityModel{TState, TInput, TOutput}.IsReadOnly(TInput, TOutput)"/>)
/// that the state accepts is linearized at once, as a forced move: any linearization from here can be
/// rearranged to start with it, so if that fails the configuration fails, and the alternatives are not
/// tried. This removes the branching over when reads happen.</item>
/// <item>A configuration in which a pending operation can no longer ever be accepted
/// (<see cref="LinearizabilityModel{TState, TInput, TOutput}.CanStillAccept"/>) fails at once, instead of
/// when that operation returns; this stops the search from stacking up operations with unknown outcomes in
/// a branch that is already lost.</item>
/// </list>
/// <para>While it backtracks it remembers the deepest point it reached, which is what a report shows.</para>
/// </remarks>
internal sealed class PartitionSearch<TState, TInput, TOutput>
{
    // How many steps between two looks at the clock and the cancellation token.
    private const int DeadlineCheckInterval = 1024;

    private readonly LinearizabilityModel<TState, TInput, TOutput> _model;
    private readonly PartitionHistory<TInput, TOutput> _history;

    public PartitionSearch(LinearizabilityModel<TState, TInput, TOutput> model, PartitionHistory<TInput, TOutput> history)
    {
        _model = model;
        _history = history;
    }

    /// <summary>Operations of the deepest linearization found, in order (indices into the partition).</summary>
    public int[] LongestPrefix { get; private set; } = [];

    /// <summary>
    /// The operation that ended the deepest linearization found: the first to return among those left, or
    /// one the state had left behind (see <see cref="BlockingOperationLeftBehind"/>).
    /// </summary>
    public int BlockingOperation { get; private set; } = -1;

    /// <summary>Whether <see cref="BlockingOperation"/> had become impossible rather than returned.</summary>
    public bool BlockingOperationLeftBehind { get; private set; }

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
        var known = history.Known;
        var inputs = history.Inputs;
        var outputs = history.Outputs;
        var readOnly = new bool[n];
        var deadlineOfOperation = new long[n];
        for (var op = 0; op < n; op++)
        {
            readOnly[op] = known[op] && model.IsReadOnly(inputs[op], outputs[op]!);
            deadlineOfOperation[op] = known[op] ? model.ProgressDeadline(inputs[op], outputs[op]!) : long.MaxValue;
        }

        var deadlines = new DeadlineIndex(deadlineOfOperation);

        var entries = new EntryList(history.CallTimes, history.ReturnTimes);
        var linearized = new LinearizedSet(n);
        var cache = new LinearizationCache<TState>(linearized.Words.Length, comparer);
        var stack = new Frame[n];
        var depth = 0;
        var bestDepth = -1;
        var state = model.InitialState;
        var steps = 0;

        try
        {
            // Each turn of this loop enters a configuration: the current state with the current list.
            while (true)
            {
                if (remainingKnown == 0)
                {
                    return LinearizabilityVerdict.Linearizable;
                }

                if (++steps == DeadlineCheckInterval)
                {
                    steps = 0;
                    if (Stopwatch.GetTimestamp() > deadline || cancellationToken.IsCancellationRequested)
                    {
                        return LinearizabilityVerdict.Unknown;
                    }
                }

                // Look over the candidates (the calls before the first return), and the operations whose
                // progress deadline the state has reached, for one that is lost; and over the candidates for
                // a read-only one the state accepts.
                var forced = EntryList.End;
                var lostOperation = deadlines.Count > 0 ? LeftBehind() : -1;
                var entry = lostOperation >= 0 ? EntryList.End : entries.First;
                for (; EntryList.IsCall(entry); entry = entries.Next(entry))
                {
                    var op = EntryList.OperationOf(entry);
                    if (!known[op])
                    {
                        continue;
                    }

                    if (!model.CanStillAccept(state, inputs[op], outputs[op]!))
                    {
                        lostOperation = op;
                        break;
                    }

                    if (forced == EntryList.End && readOnly[op] && model.Step(state, inputs[op], outputs[op]!, out _))
                    {
                        forced = entry;
                    }
                }

                if (lostOperation < 0 && forced != EntryList.End)
                {
                    if (TryLinearize(forced, state, forcedMove: true))
                    {
                        continue;
                    }

                    // Linearizing it leads to a configuration that already failed, so this one fails too.
                }

                // Branch over the candidates, operations with known outcomes first. One with an unknown
                // outcome is accepted everywhere, so trying those first would pile them up on every path;
                // tried last, they are used where they are needed.
                var branch = lostOperation < 0 && forced == EntryList.End;
                var resumeAt = entries.First;
                var knownPass = true;
                while (true)
                {
                    if (branch)
                    {
                        if (knownPass && TryCandidates(resumeAt, knownPass: true))
                        {
                            break;
                        }

                        if (TryCandidates(knownPass ? entries.First : resumeAt, knownPass: false))
                        {
                            break;
                        }
                    }

                    // Nothing more to try here: this configuration failed.
                    RecordDeepest(lostOperation);
                    if (depth == 0)
                    {
                        return LinearizabilityVerdict.NotLinearizable;
                    }

                    // Undo the last move; a forced move's failure is its parent's failure too.
                    Frame frame;
                    do
                    {
                        frame = stack[--depth];
                        stack[depth] = default;
                        var op = EntryList.OperationOf(frame.Call);
                        state = frame.State;
                        linearized.Remove(op);
                        entries.Unlift(frame.Call);
                        if (known[op])
                        {
                            remainingKnown++;
                        }
                    }
                    while (frame.Forced && depth > 0);

                    if (frame.Forced)
                    {
                        return LinearizabilityVerdict.NotLinearizable;
                    }

                    // Resume the parent's scan after the move that failed, in the same pass.
                    branch = true;
                    lostOperation = -1;
                    resumeAt = entries.Next(frame.Call);
                    knownPass = known[EntryList.OperationOf(frame.Call)];
                }
            }
        }
        finally
        {
            ExploredCount = cache.Count;
        }

        // Linearizes the operation of call entry 'call', leading to 'next', unless that configuration was
        // explored before.
        bool TryLinearize(int call, TState next, bool forcedMove)
        {
            var op = EntryList.OperationOf(call);
            var hash = LinearizedSet.Combine(linearized.HashWithToggled(op), comparer.GetHashCode(next!));
            linearized.Add(op);
            if (!cache.TryAdd(linearized.Words, next, hash))
            {
                linearized.Remove(op);
                return false;
            }

            stack[depth++] = new Frame(call, state, forcedMove);
            state = next;
            entries.Lift(call);
            if (known[op])
            {
                remainingKnown--;
            }

            return true;
        }

        // Tries the candidates from 'start' on whose outcome is known (or unknown, per 'knownPass'), and
        // descends into the first that leads to a new configuration.
        bool TryCandidates(int start, bool knownPass)
        {
            for (var entry = start; EntryList.IsCall(entry); entry = entries.Next(entry))
            {
                var op = EntryList.OperationOf(entry);

                // A read-only candidate the state accepted would have been a forced move.
                if (known[op] != knownPass || readOnly[op])
                {
                    continue;
                }

                TState next;
                if (knownPass)
                {
                    if (!model.Step(state, inputs[op], outputs[op]!, out next))
                    {
                        continue;
                    }
                }
                else
                {
                    next = model.StepWithUnknownOutput(state, inputs[op]);
                }

                if (TryLinearize(entry, next, forcedMove: false))
                {
                    return true;
                }
            }

            return false;
        }

        // An operation not linearized yet whose progress deadline the move into this configuration went
        // past, or reached in a state that cannot accept it; -1 if there is none. Deadlines before the
        // parent's progress were checked on the way here.
        int LeftBehind()
        {
            var progress = model.Progress(state);
            var from = depth == 0 ? long.MinValue : Math.Min(progress, model.Progress(stack[depth - 1].State));
            for (var i = deadlines.LowerBound(from); i < deadlines.Count && deadlines.DeadlineAt(i) <= progress; i++)
            {
                var op = deadlines.OperationAt(i);
                if (!linearized.Contains(op)
                    && (deadlines.DeadlineAt(i) < progress || !model.CanStillAccept(state, inputs[op], outputs[op]!)))
                {
                    return op;
                }
            }

            return -1;
        }

        void RecordDeepest(int lostOperation)
        {
            if (depth <= bestDepth)
            {
                return;
            }

            bestDepth = depth;
            LongestPrefix = new int[depth];
            for (var i = 0; i < depth; i++)
            {
                LongestPrefix[i] = EntryList.OperationOf(stack[i].Call);
            }

            BlockingOperationLeftBehind = lostOperation >= 0;
            if (BlockingOperationLeftBehind)
            {
                BlockingOperation = lostOperation;
                return;
            }

            // The first return entry: the operation that had to be linearized by now.
            var first = entries.First;
            while (EntryList.IsCall(first))
            {
                first = entries.Next(first);
            }

            BlockingOperation = EntryList.OperationOf(first);
        }
    }

    /// <summary>A move on the search path: the call entry linearized, the state before it, and whether it was forced.</summary>
    private readonly record struct Frame(int Call, TState State, bool Forced);
}
