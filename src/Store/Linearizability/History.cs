namespace Actors.Store.Linearizability;

/// <summary>Conversions between the two ways of writing a history.</summary>
public static class History
{
    /// <summary>
    /// Turns a list of call and return events into operations, using the index of each event as its time.
    /// A call that is never matched by a return becomes an operation with an unknown outcome.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An operation id is called twice, or returns without (or before) its call, or returns twice.
    /// </exception>
    public static IReadOnlyList<Operation<TInput, TOutput>> FromEvents<TInput, TOutput>(
        IReadOnlyList<HistoryEvent<TInput, TOutput>> events)
    {
        ArgumentNullException.ThrowIfNull(events);

        // Index of the call event of each operation id, in the order the calls appear, so that the
        // operations come out in call order (a stable, readable numbering for reports).
        var callIndexById = new Dictionary<int, int>();
        var returnIndexById = new Dictionary<int, int>();
        var callOrder = new List<int>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events));
            if (e.Kind == HistoryEventKind.Call)
            {
                if (!callIndexById.TryAdd(e.OperationId, i))
                {
                    throw new ArgumentException(
                        $"Event {i} calls operation {e.OperationId} again (first called at event {callIndexById[e.OperationId]}).", nameof(events));
                }

                callOrder.Add(e.OperationId);
            }
            else
            {
                if (!callIndexById.ContainsKey(e.OperationId))
                {
                    throw new ArgumentException($"Event {i} returns operation {e.OperationId}, which has not been called.", nameof(events));
                }

                if (!returnIndexById.TryAdd(e.OperationId, i))
                {
                    throw new ArgumentException(
                        $"Event {i} returns operation {e.OperationId} again (first returned at event {returnIndexById[e.OperationId]}).", nameof(events));
                }
            }
        }

        var operations = new Operation<TInput, TOutput>[callOrder.Count];
        for (var k = 0; k < callOrder.Count; k++)
        {
            var id = callOrder[k];
            var call = events[callIndexById[id]];
            operations[k] = returnIndexById.TryGetValue(id, out var returnIndex)
                ? new Operation<TInput, TOutput>(call.ClientId, call.Input!, callIndexById[id], events[returnIndex].Output, returnIndex)
                : new Operation<TInput, TOutput>(call.ClientId, call.Input!, callIndexById[id], default, Operation.UnknownReturnTime);
        }

        return operations;
    }
}
