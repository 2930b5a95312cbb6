namespace Actors.Store.Linearizability;

/// <summary>
/// Turns the deepest point of a failed search into a <see cref="LinearizabilityViolation"/>, replaying
/// the prefix through the model to recover the states the search did not keep.
/// </summary>
internal static class ViolationReport
{
    public static LinearizabilityViolation Build<TState, TInput, TOutput>(
        LinearizabilityModel<TState, TInput, TOutput> model,
        PartitionHistory<TInput, TOutput> partition,
        PartitionSearch<TState, TInput, TOutput> search,
        long origin)
    {
        var state = model.InitialState;
        var inPrefix = new bool[partition.Count];
        var prefix = new List<LinearizedStep>(search.LongestPrefix.Length);
        foreach (var op in search.LongestPrefix)
        {
            inPrefix[op] = true;
            if (!TryStep(model, partition, op, state, out state))
            {
                throw new InvalidOperationException(
                    $"The model rejected operation {Describe(model, partition, op)} on replay after accepting it during the search: its Step is not deterministic.");
            }

            prefix.Add(new LinearizedStep(Summarize(model, partition, op), model.DescribeState(state)));
        }

        // The candidates are the operations left whose call precedes the first return among them in the
        // search's event order (calls sort before returns at equal times): what the search could try there.
        var blocking = search.BlockingOperation;
        var deadline = long.MaxValue;
        for (var op = 0; op < partition.Count; op++)
        {
            if (!inPrefix[op])
            {
                deadline = Math.Min(deadline, partition.ReturnTimes[op]);
            }
        }

        var candidates = new List<RejectedCandidate>();
        for (var op = 0; op < partition.Count; op++)
        {
            if (inPrefix[op] || partition.CallTimes[op] > deadline)
            {
                continue;
            }

            var reason = TryStep(model, partition, op, state, out var next)
                ? $"allowed here (leading to {model.DescribeState(next)}), but nothing linearizes the rest after it"
                : $"not allowed in {model.DescribeState(state)}";
            candidates.Add(new RejectedCandidate(Summarize(model, partition, op), reason));
        }

        return new LinearizabilityViolation(
            partition.Key,
            partition.Count,
            prefix,
            model.DescribeState(model.InitialState),
            Summarize(model, partition, blocking),
            search.BlockingOperationLeftBehind,
            candidates,
            origin);
    }

    private static bool TryStep<TState, TInput, TOutput>(
        LinearizabilityModel<TState, TInput, TOutput> model,
        PartitionHistory<TInput, TOutput> partition,
        int op,
        TState state,
        out TState next)
    {
        if (partition.Known[op])
        {
            return model.Step(state, partition.Inputs[op], partition.Outputs[op]!, out next);
        }

        next = model.StepWithUnknownOutput(state, partition.Inputs[op]);
        return true;
    }

    private static OperationSummary Summarize<TState, TInput, TOutput>(
        LinearizabilityModel<TState, TInput, TOutput> model, PartitionHistory<TInput, TOutput> partition, int op) =>
        new(partition.HistoryIndices[op], partition.ClientIds[op], partition.CallTimes[op], partition.ReturnTimes[op], Describe(model, partition, op));

    private static string Describe<TState, TInput, TOutput>(
        LinearizabilityModel<TState, TInput, TOutput> model, PartitionHistory<TInput, TOutput> partition, int op) =>
        partition.Known[op]
            ? model.DescribeOperation(partition.Inputs[op], partition.Outputs[op]!)
            : model.DescribeOperation(partition.Inputs[op]);
}
