using System.Diagnostics;

namespace Actors.Persistence.Journal;

/// <summary>
/// One caller's <see cref="IJournal.WriteAsync"/> on its way through <see cref="GroupCommitWriter"/>:
/// its writes, their outcomes as they become known, and the task the caller awaits.
/// </summary>
/// <remarks>
/// The request is queued, then either taken by the writer loop or canceled by its caller, never both: once
/// taken, every write is carried out and reported, so a canceled task always means nothing was written.
/// Everything but that state change happens on the writer loop, one batch after another, so outcomes need
/// no locking.
/// <para>
/// A request may continue an earlier one of the same caller (<see cref="GroupCommitWriter.WriteAfter"/>): then a
/// write of a persistence id that failed in the earlier request is refused here too, since storing it would leave a
/// gap in that id's history. The link is dropped once this request is resolved, so a chain of requests never holds
/// more than the ones still unresolved.
/// </para>
/// </remarks>
internal sealed class GroupCommitRequest
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Canceled = 2;

    private readonly TaskCompletionSource<IReadOnlyList<WriteOutcome>> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously); // the writer loop must not run callers' code
    private readonly WriteOutcome[] _outcomes;
    private readonly CancellationTokenRegistration _cancellation;
    private int _state;
    private int _unresolved;

    // Persistence ids of this request whose write failed: a later write of the same id would leave a gap.
    private Dictionary<string, Exception>? _failedIds;

    // The earlier request this one continues, until this one is resolved; queued before it on the same writer.
    private GroupCommitRequest? _predecessor;

    public GroupCommitRequest(AtomicWrite[] writes, CancellationToken cancellationToken, GroupCommitRequest? predecessor = null)
    {
        Debug.Assert(writes.Length > 0, "Empty requests are answered without queuing.");
        Writes = writes;
        _predecessor = predecessor;
        _outcomes = new WriteOutcome[writes.Length];
        _unresolved = writes.Length;

        // Registered before the request is queued, so the writer loop sees the registration when it takes it.
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((GroupCommitRequest)state!).TryCancel(token), this);
        }
    }

    public AtomicWrite[] Writes { get; }

    public Task<IReadOnlyList<WriteOutcome>> Task => _completion.Task;

    /// <summary>Claims the request for the writer loop; false when its caller canceled it first.</summary>
    public bool TryTake()
    {
        if (Interlocked.CompareExchange(ref _state, Taken, Queued) != Queued)
        {
            return false;
        }

        _cancellation.Unregister(); // not Dispose: that could wait for a callback running on another thread
        return true;
    }

    /// <summary>Undoes the cancellation registration of a request that could not be queued.</summary>
    public void Abandon() => _cancellation.Unregister();

    public void Resolve(int index, WriteOutcome outcome)
    {
        Debug.Assert(Volatile.Read(ref _state) == Taken, "Only a taken request has its writes resolved.");
        Debug.Assert(_unresolved > 0, "Each write is resolved exactly once.");
        _outcomes[index] = outcome;
        if (!outcome.IsSuccess)
        {
            _failedIds ??= new Dictionary<string, Exception>(StringComparer.Ordinal);
            _failedIds.TryAdd(Writes[index].PersistenceId, outcome.Error!);
        }

        if (--_unresolved == 0)
        {
            _predecessor = null;
            _completion.SetResult(_outcomes);
        }
    }

    /// <summary>Faults the caller's task when its writes can no longer be resolved one by one.</summary>
    public void Abort(Exception error) => _completion.TrySetException(error);

    /// <summary>The failure of an earlier write of <paramref name="persistenceId"/> in this request, if any.</summary>
    public bool TryGetFailure(string persistenceId, out Exception? failure)
    {
        failure = null;
        return _failedIds is not null && _failedIds.TryGetValue(persistenceId, out failure);
    }

    /// <summary>
    /// The failure of an earlier write of <paramref name="persistenceId"/>, in this request or in the one it continues
    /// (which was taken before this one, so its outcome for the id is known unless it is in the same batch).
    /// </summary>
    public bool TryGetPrecedingFailure(string persistenceId, out Exception? failure) =>
        TryGetFailure(persistenceId, out failure) || (_predecessor?.TryGetFailure(persistenceId, out failure) ?? false);

    private void TryCancel(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Canceled, Queued) == Queued)
        {
            _completion.SetCanceled(cancellationToken);
        }
    }
}
