namespace Actors.Store.Linearizability;

/// <summary>
/// The operations of one partition in the flat arrays the search reads, each remembering where it came
/// from in the caller's history so that a report can point at it.
/// </summary>
internal sealed class PartitionHistory<TInput, TOutput>
{
    public PartitionHistory(string key, IReadOnlyList<Operation<TInput, TOutput>> history, List<int> members)
    {
        Key = key;
        Count = members.Count;
        HistoryIndices = members.ToArray();
        Inputs = new TInput[Count];
        Outputs = new TOutput?[Count];
        ClientIds = new int[Count];
        Known = new bool[Count];
        CallTimes = new long[Count];
        ReturnTimes = new long[Count];
        for (var i = 0; i < Count; i++)
        {
            var operation = history[HistoryIndices[i]];
            ClientIds[i] = operation.ClientId;
            Inputs[i] = operation.Input;
            Outputs[i] = operation.Output;
            Known[i] = operation.IsOutcomeKnown;
            CallTimes[i] = operation.CallTime;
            ReturnTimes[i] = operation.ReturnTime;
            if (Known[i])
            {
                KnownCount++;
            }
        }
    }

    public string Key { get; }

    public int Count { get; }

    public int KnownCount { get; }

    public int[] HistoryIndices { get; }

    public int[] ClientIds { get; }

    public TInput[] Inputs { get; }

    public TOutput?[] Outputs { get; }

    public bool[] Known { get; }

    public long[] CallTimes { get; }

    public long[] ReturnTimes { get; }
}
