using System.Diagnostics;

namespace Actors.Store.Linearizability;

/// <summary>
/// Records a history while concurrent clients run: each client calls <see cref="Call"/> right before it
/// sends a request and completes the returned <see cref="PendingOperation{TInput, TOutput}"/> right after
/// the response arrives. Times come from <see cref="Stopwatch.GetTimestamp"/>.
/// </summary>
/// <remarks>
/// Taking the call time before sending and the return time after receiving can only widen an operation's
/// interval, which makes the check more lenient, never wrong. Safe to use from any number of threads.
/// </remarks>
public sealed class HistoryRecorder<TInput, TOutput>
{
    private readonly Lock _lock = new();
    private readonly List<PendingOperation<TInput, TOutput>> _operations = [];

    /// <summary>Records that <paramref name="clientId"/> is about to send <paramref name="input"/>.</summary>
    public PendingOperation<TInput, TOutput> Call(int clientId, TInput input)
    {
        var operation = new PendingOperation<TInput, TOutput>(clientId, input, Stopwatch.GetTimestamp());
        lock (_lock)
        {
            _operations.Add(operation);
        }

        return operation;
    }

    /// <summary>
    /// The history so far, in call order. Operations not completed (yet) have unknown outcomes; discarded
    /// ones are left out.
    /// </summary>
    public IReadOnlyList<Operation<TInput, TOutput>> ToHistory()
    {
        PendingOperation<TInput, TOutput>[] operations;
        lock (_lock)
        {
            operations = _operations.ToArray();
        }

        var history = new List<Operation<TInput, TOutput>>(operations.Length);
        foreach (var operation in operations)
        {
            if (operation.Snapshot() is { } recorded)
            {
                history.Add(recorded);
            }
        }

        return history;
    }
}
