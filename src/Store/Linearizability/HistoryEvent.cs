namespace Actors.Store.Linearizability;

/// <summary>Whether a <see cref="HistoryEvent{TInput, TOutput}"/> starts or ends an operation.</summary>
public enum HistoryEventKind
{
    Call,
    Return,
}

/// <summary>
/// One step of a history written as a sequence of events rather than timed operations: the position of
/// the event in the sequence is its time. <see cref="OperationId"/> pairs a return with its call.
/// </summary>
/// <remarks>
/// Build events with <see cref="HistoryEvent.Call{TInput, TOutput}"/> and
/// <see cref="HistoryEvent.Return{TInput, TOutput}"/>; a call without a return is an operation whose
/// outcome is unknown. <see cref="History.FromEvents{TInput, TOutput}"/> turns the list into operations.
/// </remarks>
public sealed record HistoryEvent<TInput, TOutput>(
    HistoryEventKind Kind, int ClientId, int OperationId, TInput? Input, TOutput? Output);

/// <summary>Factories for <see cref="HistoryEvent{TInput, TOutput}"/>.</summary>
public static class HistoryEvent
{
    public static HistoryEvent<TInput, TOutput> Call<TInput, TOutput>(int clientId, int operationId, TInput input) =>
        new(HistoryEventKind.Call, clientId, operationId, input, default);

    public static HistoryEvent<TInput, TOutput> Return<TInput, TOutput>(int clientId, int operationId, TOutput output) =>
        new(HistoryEventKind.Return, clientId, operationId, default, output);
}
