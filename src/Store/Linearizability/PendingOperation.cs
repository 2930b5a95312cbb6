using System.Diagnostics;

namespace Actors.Store.Linearizability;

/// <summary>
/// An operation recorded by <see cref="HistoryRecorder{TInput, TOutput}.Call"/>, waiting for its outcome.
/// The client that issued it completes it once; an operation never completed has an unknown outcome.
/// </summary>
public sealed class PendingOperation<TInput, TOutput>
{
    private const int Pending = 0;
    private const int Completed = 1;
    private const int Discarded = 2;

    private readonly int _clientId;
    private readonly TInput _input;
    private readonly long _callTime;
    private TOutput? _output;
    private long _returnTime;
    private int _status;

    internal PendingOperation(int clientId, TInput input, long callTime)
    {
        _clientId = clientId;
        _input = input;
        _callTime = callTime;
    }

    /// <summary>The response arrived: records it, with the current time as the return time.</summary>
    public void Complete(TOutput output)
    {
        var returnTime = Stopwatch.GetTimestamp();
        if (Volatile.Read(ref _status) != Pending)
        {
            throw AlreadyDone();
        }

        _output = output;
        _returnTime = returnTime;
        Transition(Completed);
    }

    /// <summary>
    /// The operation certainly did not take effect (it was rejected before reaching the store, such as by a
    /// full bounded mailbox): leaves it out of the history.
    /// </summary>
    public void Discard() => Transition(Discarded);

    /// <summary>
    /// The outcome is unknown (a timeout, a crash, a lost connection): the operation may take effect at any
    /// time after its call, or never. That is what an operation never completed becomes anyway, so this only
    /// documents the intent at the call site.
    /// </summary>
    public void CompleteUnknown()
    {
    }

    internal Operation<TInput, TOutput>? Snapshot() => Volatile.Read(ref _status) switch
    {
        // The status is published after the output and return time, so reading it first makes them visible.
        Completed => new Operation<TInput, TOutput>(_clientId, _input, _callTime, _output, _returnTime),
        Discarded => null,
        _ => Operation.Unknown<TInput, TOutput>(_clientId, _input, _callTime),
    };

    private void Transition(int status)
    {
        if (Interlocked.CompareExchange(ref _status, status, Pending) != Pending)
        {
            throw AlreadyDone();
        }
    }

    private InvalidOperationException AlreadyDone() =>
        new($"The operation {_input} of client {_clientId} was already completed or discarded.");
}
