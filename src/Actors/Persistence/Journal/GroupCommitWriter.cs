using System.Diagnostics;
using System.Threading.Channels;

namespace Actors.Persistence.Journal;

/// <summary>
/// Group commit: gathers the atomic writes of concurrent callers into batches and stores each batch with
/// one transaction, so that many writers share one commit (and, on a durable store, one flush).
/// </summary>
/// <remarks>
/// <para>
/// Callers queue requests on a channel; a single loop takes whatever is queued, up to the maximum batch
/// size, hands it to the <see cref="IBatchCommitter"/>, and resolves each caller's writes once the commit
/// has returned. Writes that arrive while a commit is in flight wait for the next one, so the batch size
/// follows the load by itself: one write per commit when idle, many under contention.
/// </para>
/// <para>
/// When the committer blames one write (<see cref="BatchWriteRejectedException"/>), that write fails alone
/// and the rest of the batch is committed again without it, so a conflict costs one extra round trip rather
/// than one per write. Any other failure fails every write of the batch with its cause: retrying is the
/// caller's decision. No write is reported as successful unless the commit that held it returned.
/// </para>
/// <para>
/// Requests are taken in arrival order and batches commit one after another, so a caller's writes of one persistence
/// id are stored in the order it queued them. A caller that chains its requests (<see cref="WriteAfter"/>) may
/// therefore queue the next write before the previous one returns; if that one fails, the next is refused rather than
/// stored after a gap.
/// </para>
/// </remarks>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly IBatchCommitter _committer;
    private readonly int _maxBatchSize;
    private readonly Channel<GroupCommitRequest> _requests = Channel.CreateUnbounded<GroupCommitRequest>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly Task _loop;

    // Owned by the loop: the current batch, and a request whose writes did not all fit in the previous one.
    private readonly List<BatchEntry> _batch = [];
    private readonly List<AtomicWrite> _batchWrites = [];
    private GroupCommitRequest? _partial;
    private int _partialNext;
    private volatile Exception? _fault;

    private long _roundTrips;
    private long _commits;
    private long _writesCommitted;
    private long _eventsCommitted;

    /// <param name="committer">Stores batches; owned by the caller, who disposes it after this writer.</param>
    /// <param name="maxBatchSize">The most atomic writes in one transaction; 1 disables grouping.</param>
    public GroupCommitWriter(IBatchCommitter committer, int maxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(committer);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _committer = committer;
        _maxBatchSize = maxBatchSize;
        _loop = Task.Run(RunAsync);
    }

    public GroupCommitStatistics Statistics => new(
        Interlocked.Read(ref _roundTrips),
        Interlocked.Read(ref _commits),
        Interlocked.Read(ref _writesCommitted),
        Interlocked.Read(ref _eventsCommitted));

    /// <summary>Queues <paramref name="writes"/> for the next batch; see <see cref="IJournal.WriteAsync"/>.</summary>
    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<WriteOutcome>>([]);
        }

        // A copy, so that a caller reusing its list cannot change a request the loop is working on.
        var copy = new AtomicWrite[writes.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = writes[i] ?? throw new ArgumentException($"Write {i} is null.", nameof(writes));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<WriteOutcome>>(cancellationToken);
        }

        return Enqueue(new GroupCommitRequest(copy, cancellationToken)).Task;
    }

    /// <summary>
    /// Queues <paramref name="write"/> to be committed only if <paramref name="previous"/>'s write of the same
    /// persistence id is: a write that follows a failed one is refused with <see cref="PrecedingWriteFailedException"/>
    /// rather than stored after a gap. This lets one caller keep a second write in flight behind the first, so that it
    /// joins the next commit instead of waiting for the first to return.
    /// </summary>
    /// <param name="write">The write.</param>
    /// <param name="previous">The caller's previous request to this writer, or null when none is unresolved.</param>
    /// <returns>The request: await its <see cref="GroupCommitRequest.Task"/>, and pass it as the next one's previous.</returns>
    public GroupCommitRequest WriteAfter(AtomicWrite write, GroupCommitRequest? previous)
    {
        ArgumentNullException.ThrowIfNull(write);
        return Enqueue(new GroupCommitRequest([write], CancellationToken.None, previous));
    }

    private GroupCommitRequest Enqueue(GroupCommitRequest request)
    {
        if (!_requests.Writer.TryWrite(request))
        {
            request.Abandon();
            if (_fault is { } fault)
            {
                throw new InvalidOperationException("The journal's writer stopped after an internal error; it accepts no more writes.", fault);
            }

            throw new ObjectDisposedException(nameof(GroupCommitWriter), "The journal is disposed; it accepts no more writes.");
        }

        return request;
    }

    /// <summary>Stops accepting writes, and returns once every write already accepted has been resolved.</summary>
    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        ChannelReader<GroupCommitRequest> reader = _requests.Reader;
        try
        {
            while (_partial is not null || await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                FillBatch(reader);
                if (_batch.Count > 0)
                {
                    await CommitBatchAsync().ConfigureAwait(false);
                }
            }
        }
        catch (Exception e)
        {
            // Committer failures are caught per batch, so this is a bug in the loop itself. Callers must not
            // wait forever for it: stop accepting writes, and fault every request not yet answered.
            Debug.Fail($"The group commit loop failed: {e}");
            _fault = e;
            _requests.Writer.TryComplete();
            foreach (BatchEntry entry in _batch)
            {
                entry.Request.Abort(e);
            }

            _partial?.Abort(e);
            while (reader.TryRead(out GroupCommitRequest? queued))
            {
                if (queued.TryTake())
                {
                    queued.Abort(e);
                }
            }

            return;
        }

        Debug.Assert(_partial is null && _batch.Count == 0, "Every accepted write is resolved before the loop ends.");
    }

    /// <summary>Takes queued writes, in arrival order, until the batch is full or the queue is empty.</summary>
    private void FillBatch(ChannelReader<GroupCommitRequest> reader)
    {
        while (_batch.Count < _maxBatchSize)
        {
            GroupCommitRequest? request = _partial;
            if (request is null)
            {
                if (!reader.TryRead(out request))
                {
                    return;
                }

                if (!request.TryTake())
                {
                    continue; // canceled while queued; its caller already has its answer
                }

                _partialNext = 0;
            }

            int index = _partialNext++;
            _partial = _partialNext < request.Writes.Length ? request : null;

            AtomicWrite write = request.Writes[index];
            if (request.TryGetPrecedingFailure(write.PersistenceId, out Exception? failure))
            {
                request.Resolve(index, WriteOutcome.Failure(
                    new PrecedingWriteFailedException(write.PersistenceId, write.LowestSequenceNr, failure!)));
                continue;
            }

            _batch.Add(new BatchEntry(request, index));
        }
    }

    private async Task CommitBatchAsync()
    {
        while (_batch.Count > 0)
        {
            _batchWrites.Clear();
            foreach (BatchEntry entry in _batch)
            {
                _batchWrites.Add(entry.Write);
            }

            Interlocked.Increment(ref _roundTrips);
            try
            {
                // Not cancelable: once a batch is taken its outcome must be learned and reported.
                await _committer.CommitAsync(_batchWrites, CancellationToken.None).ConfigureAwait(false);
            }
            catch (BatchWriteRejectedException rejected) when (rejected.Index < _batch.Count)
            {
                RemoveRejected(rejected.Index, rejected.Cause);
                continue;
            }
            catch (Exception e)
            {
                foreach (BatchEntry entry in _batch)
                {
                    entry.Request.Resolve(entry.Index, WriteOutcome.Failure(e));
                }

                _batch.Clear();
                return;
            }

            long events = 0;
            foreach (AtomicWrite write in _batchWrites)
            {
                events += write.Events.Length;
            }

            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _writesCommitted, _batch.Count);
            Interlocked.Add(ref _eventsCommitted, events);
            foreach (BatchEntry entry in _batch)
            {
                entry.Request.Resolve(entry.Index, WriteOutcome.Success);
            }

            _batch.Clear();
        }
    }

    /// <summary>
    /// Fails the rejected write, and the later writes of the same persistence id that follow it (in its request, or
    /// in a request that continues it), and takes them out of the batch; the rest stays for another attempt.
    /// </summary>
    private void RemoveRejected(int index, Exception cause)
    {
        BatchEntry rejected = _batch[index];
        rejected.Request.Resolve(rejected.Index, WriteOutcome.Failure(cause));
        _batch.RemoveAt(index);

        for (int i = index; i < _batch.Count; i++)
        {
            BatchEntry entry = _batch[i];
            if (entry.Request.TryGetPrecedingFailure(entry.Write.PersistenceId, out Exception? failure))
            {
                entry.Request.Resolve(entry.Index, WriteOutcome.Failure(
                    new PrecedingWriteFailedException(entry.Write.PersistenceId, entry.Write.LowestSequenceNr, failure!)));
                _batch.RemoveAt(i--);
            }
        }
    }

    private readonly record struct BatchEntry(GroupCommitRequest Request, int Index)
    {
        public AtomicWrite Write => Request.Writes[Index];
    }
}
