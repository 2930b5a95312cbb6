using Actors.Mailboxes;
using Microsoft.Extensions.Logging;

namespace Actors.Persistence;

/// <summary>
/// An actor whose state is rebuilt from its history: a snapshot, then the events after it. Recovery runs before the
/// first command; commands that arrive meanwhile wait in the mailbox, in order.
/// </summary>
/// <remarks>
/// <para>
/// <b>Persist, then reply.</b> <see cref="Persist"/> numbers an event and queues it for the journal; the caller applies
/// its effect to the state at once, so the next command already sees it. <see cref="ReplyWhenDurable"/> holds a reply
/// until every event persisted before it is committed — so a reply (to a write, or to a read that saw a write) never
/// claims something the journal does not hold, and replies leave in order.
/// </para>
/// <para>
/// <b>Group commit.</b> An actor has at most two journal writes in flight (one on a journal that cannot chain writes,
/// see <see cref="Journal.IChainedWriteJournal"/>); events persisted meanwhile go together in the next one, and the
/// journal batches the writes of all actors into shared transactions. Durable throughput is bounded by round trips,
/// not by events (Akka.NET writes one event per round trip unless the user batches by hand). The second write lets
/// events persisted while a commit is running join the next commit, instead of waiting for the first write's answer
/// to come back before they are even sent; the journal commits it only if the first committed, so a failure never
/// leaves a gap.
/// </para>
/// <para>
/// <b>Backpressure.</b> When an actor holds <see cref="PersistenceContext.MaxPendingEvents"/> events the journal has
/// not taken yet, it stops processing messages until the write in flight completes; its mailbox fills instead (and a
/// bounded mailbox refuses), so memory stays bounded when intake outruns the disk.
/// </para>
/// <para>
/// <b>Failure.</b> If a write fails, every reply waiting for it (and for later events) is a
/// <see cref="Status.Failure"/> with <see cref="PersistFailedException"/>, never a success, and the actor fails with
/// that exception: its state ran ahead of the journal. Its supervisor decides; a restart recovers it from the journal.
/// </para>
/// </remarks>
public abstract class PersistentActor : ActorBase
{
    private readonly PersistenceContext _persistence;
    private readonly List<PersistentRepr> _buffer = [];
    private readonly Queue<DeferredReply> _deferred = new();
    private readonly Queue<InFlightWrite> _inFlight = new(); // in the order sent, which is the order they commit
    private readonly int _maxWritesInFlight;
    private long _sentUpTo;
    private bool _flushScheduled;
    private bool _failed;
    private bool _stopped;
    private long _lastSnapshotSequenceNr;
    private (long SequenceNr, ReadOnlyMemory<byte> Bytes)? _snapshotToSave;
    private bool _snapshotInFlight;
    private List<DeferredReply>? _snapshotWaiters;
    private bool _pausedForJournal;

    /// <summary>Binds the actor to its journal and snapshot store.</summary>
    protected PersistentActor(PersistenceContext persistence)
    {
        ArgumentNullException.ThrowIfNull(persistence);
        _persistence = persistence;
        _maxWritesInFlight = persistence.Journal is Journal.IChainedWriteJournal ? 2 : 1;
    }

    /// <summary>Identifies this entity's history in the journal; stable across restarts.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>The sequence number of the latest event (recovered or persisted).</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>The sequence number of the latest saved (or recovered) snapshot; 0 when there is none.</summary>
    protected long LastSnapshotSequenceNr => _lastSnapshotSequenceNr;

    /// <summary>The highest sequence number known to be committed.</summary>
    public long DurableSequenceNr { get; private set; }

    /// <summary>Whether recovery is still running.</summary>
    public bool IsRecovering { get; private set; } = true;

    /// <summary>Whether events go to a journal (false for durability none: they are only numbered).</summary>
    protected bool IsJournaled => _persistence.Journal is not null;

    /// <summary>
    /// The ownership every journal write of this actor is made under, or null for unfenced writes. A write whose epoch
    /// is no longer current fails with <see cref="FencedWriteException"/> (inside <see cref="PersistFailedException"/>),
    /// like any failed write. Taken when a write is sent, so a change applies to the next write.
    /// </summary>
    protected WriteFence? Fence { get; set; }

    /// <summary>Events persisted but not yet committed.</summary>
    public int PendingEvents => _buffer.Count + (int)Math.Max(0, _sentUpTo - DurableSequenceNr);

    private bool WriteInFlight => _inFlight.Count > 0;

    private bool CanSendWrite => _inFlight.Count < _maxWritesInFlight;

    /// <summary>Restores the state of a snapshot (called first during recovery, if there is one).</summary>
    protected abstract void OnRecoverSnapshot(SelectedSnapshot snapshot);

    /// <summary>Applies one journaled event during recovery.</summary>
    protected abstract void OnRecoverEvent(PersistentRepr evt);

    /// <summary>Called once recovery has finished, before the first command.</summary>
    protected virtual void OnRecoveryCompleted()
    {
    }

    /// <summary>
    /// The state as a snapshot, or null to skip. Called every <see cref="PersistenceContext.SnapshotEvery"/> events,
    /// at a moment when the state reflects exactly the events up to <see cref="LastSequenceNr"/>; the snapshot is saved
    /// once those events are committed.
    /// </summary>
    protected virtual ReadOnlyMemory<byte>? CreateSnapshot() => null;

    /// <summary>
    /// Queues an event for the journal and returns its sequence number. Apply its effect to the state yourself, now.
    /// Replies made with <see cref="ReplyWhenDurable"/> after this call wait until it is committed.
    /// </summary>
    protected long Persist(string manifest, ReadOnlyMemory<byte> payload)
    {
        if (IsRecovering)
        {
            throw new InvalidOperationException($"'{PersistenceId}' cannot persist while it is recovering.");
        }

        if (_failed)
        {
            throw new InvalidOperationException($"'{PersistenceId}' cannot persist: a journal write failed and the actor is stopping.");
        }

        var sequenceNr = ++LastSequenceNr;
        if (_persistence.Journal is null)
        {
            DurableSequenceNr = sequenceNr;
            return sequenceNr;
        }

        _buffer.Add(new PersistentRepr(PersistenceId, sequenceNr, manifest, payload, Context.System.Settings.TimeProvider.GetUtcNow(), _persistence.WriterId));
        if (_buffer.Count >= _persistence.MaxPendingEvents)
        {
            if (CanSendWrite)
            {
                Flush();
            }
            else if (!_pausedForJournal)
            {
                // The journal is behind: take no more messages until a write in flight completes.
                _pausedForJournal = true;
                Cell.Mailbox.Suspend();
            }
        }
        else if (CanSendWrite && !_flushScheduled)
        {
            // Flush behind the commands already queued, so that they join this write.
            _flushScheduled = true;
            Cell.Mailbox.EnqueueFromTurn(new Envelope(FlushJournal.Instance, null));
        }

        return sequenceNr;
    }

    /// <summary>
    /// As <see cref="Persist(string, ReadOnlyMemory{byte})"/>, serializing <paramref name="evt"/> only when there is a
    /// journal to write it to (with durability none, nothing is encoded at all).
    /// </summary>
    protected long Persist<TEvent>(TEvent evt, Func<TEvent, (string Manifest, byte[] Payload)> serialize)
    {
        if (_persistence.Journal is null && !IsRecovering && !_failed)
        {
            DurableSequenceNr = ++LastSequenceNr;
            return LastSequenceNr;
        }

        var (manifest, payload) = serialize(evt);
        return Persist(manifest, payload);
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="recipient"/> once everything persisted so far is committed.</summary>
    protected void ReplyWhenDurable(IActorRef recipient, object message)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(message);
        if (_buffer.Count == 0 && !WriteInFlight)
        {
            recipient.Tell(message, Self);
            return;
        }

        _deferred.Enqueue(new DeferredReply(LastSequenceNr, recipient, message));
    }

    /// <summary>
    /// Takes a snapshot of the state as it is now and sends <paramref name="message"/> to <paramref name="recipient"/>
    /// once everything persisted so far is committed and the snapshot has been saved — before the entity moves to
    /// another node, say, so that its next owner replays less. A snapshot that fails to save still releases the reply
    /// (the journal holds every event); a failed journal write fails it, as with <see cref="ReplyWhenDurable"/>. Without
    /// a snapshot store, or with nothing new since the last snapshot, this is <see cref="ReplyWhenDurable"/>.
    /// </summary>
    protected void ReplyAfterSnapshot(IActorRef recipient, object message)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(message);
        if (_persistence.SnapshotStore is null || _persistence.Journal is null || LastSequenceNr == _lastSnapshotSequenceNr
            || CreateSnapshot() is not { } bytes)
        {
            ReplyWhenDurable(recipient, message);
            return;
        }

        // Replaces a snapshot captured earlier but not yet saved: this one is newer. The state is exactly that of the
        // events up to LastSequenceNr here, since every persisted event was applied when it was persisted.
        _snapshotToSave = (LastSequenceNr, bytes);
        (_snapshotWaiters ??= []).Add(new DeferredReply(LastSequenceNr, recipient, message));
        if (_buffer.Count == 0 && !WriteInFlight)
        {
            SaveCapturedSnapshot();
        }

        // Otherwise the write carrying those events saves it when it completes.
    }

    /// <summary>Starts recovery; sealed because a persistent actor that skipped it would corrupt its history.</summary>
    protected sealed override void PreStart() => Cell.RunAsyncHandler(static (PersistentActor self) => self.RecoverAsync(), this);

    internal override void InvokeReceive(object message)
    {
        if (message is FlushJournal)
        {
            _flushScheduled = false;
            Flush();
            return;
        }

        base.InvokeReceive(message);
    }

    internal override void AroundPostStop()
    {
        _stopped = true;
        ResumeAfterJournal();

        // Events that never left the buffer will never be written: their replies fail now. Replies waiting for the
        // write in flight are released (or failed) by its completion, which still arrives after the stop.
        if (_buffer.Count > 0)
        {
            FailDeferred(_buffer[0].SequenceNr, new InvalidOperationException($"'{PersistenceId}' stopped before these events were written."));
            _buffer.Clear();
        }

        FailSnapshotWaiters(new InvalidOperationException($"'{PersistenceId}' stopped before its snapshot was saved."));

        base.AroundPostStop();
    }

    private async Task RecoverAsync()
    {
        try
        {
            long from = 1;
            if (_persistence.SnapshotStore is { } snapshots &&
                await snapshots.LoadAsync(PersistenceId, SnapshotSelectionCriteria.Latest).ConfigureAwait(true) is { } snapshot)
            {
                OnRecoverSnapshot(snapshot);
                LastSequenceNr = _lastSnapshotSequenceNr = snapshot.Metadata.SequenceNr;
                from = snapshot.Metadata.SequenceNr + 1;
            }

            if (_persistence.Journal is { } journal)
            {
                await foreach (var evt in journal.ReplayAsync(PersistenceId, from, long.MaxValue, long.MaxValue).ConfigureAwait(true))
                {
                    if (LastSequenceNr != 0 && evt.SequenceNr != LastSequenceNr + 1)
                    {
                        throw new InvalidDataException($"the journal jumps from event {LastSequenceNr} to {evt.SequenceNr}; events are missing.");
                    }

                    OnRecoverEvent(evt);
                    LastSequenceNr = evt.SequenceNr;
                }

                LastSequenceNr = Math.Max(LastSequenceNr, await journal.ReadHighestSequenceNrAsync(PersistenceId, LastSequenceNr).ConfigureAwait(true));
            }
        }
        catch (Exception exception)
        {
            throw new RecoveryFailedException(PersistenceId, exception);
        }

        DurableSequenceNr = LastSequenceNr;
        IsRecovering = false;
        OnRecoveryCompleted();
    }

    private void Flush()
    {
        if (!CanSendWrite || _buffer.Count == 0 || _failed || _stopped)
        {
            return;
        }

        var take = _persistence.MaxEventsPerWrite is > 0 and var most ? Math.Min(most, _buffer.Count) : _buffer.Count;
        var events = _buffer.GetRange(0, take).ToArray();
        _buffer.RemoveRange(0, take);
        _sentUpTo = events[^1].SequenceNr;
        CaptureSnapshotIfDue();

        var write = new AtomicWrite(events) { Fence = Fence };
        var inFlight = new InFlightWrite(this, events[0].SequenceNr, _sentUpTo);
        Task<IReadOnlyList<Journal.WriteOutcome>> task;
        if (_persistence.Journal is Journal.IChainedWriteJournal chained)
        {
            // Chained to the write still in flight, if any (with at most two, a write is sent only when at most one is):
            // the journal commits this one only if that one commits.
            inFlight.Request = chained.WriteAfter(write, _inFlight.TryPeek(out var previous) ? previous.Request : null);
            task = inFlight.Request.Task;
        }
        else
        {
            task = _persistence.Journal!.WriteAsync([write]);
        }

        _inFlight.Enqueue(inFlight);
        task.ContinueWith(
            static (task, state) => ((InFlightWrite)state!).Post(task),
            inFlight,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    // Runs on the actor's turn (or, once the actor has stopped, on the thread that completed the write). With two
    // writes in flight the answers may come back in either order; events count as durable only up to the end of the
    // oldest write still unanswered.
    private void OnWriteCompleted(InFlightWrite write, Task<IReadOnlyList<Journal.WriteOutcome>> task)
    {
        var failure = task.IsCompletedSuccessfully
            ? task.Result.Count == 1 && task.Result[0].Error is { } cause ? cause : null
            : task.Exception?.GetBaseException() ?? new OperationCanceledException("The journal write was cancelled.");

        if (failure is not null)
        {
            // Replies for this write's events and later ones fail; those for an older write still unanswered wait for
            // its own answer (it may have committed: the journal commits in order, and refuses only what follows a
            // failure).
            var error = new PersistFailedException(PersistenceId, write.First, failure);
            FailDeferred(write.First, error);
            if (_failed)
            {
                return; // the actor is already failing, from the other write's answer
            }

            ResumeAfterJournal();
            _failed = true;
            FailSnapshotWaiters(error);
            _buffer.Clear();
            if (!_stopped)
            {
                // Fail on the actor's turn: the supervisor decides, and a restart recovers the state from the journal.
                throw error;
            }

            return;
        }

        write.Committed = true;
        while (_inFlight.TryPeek(out var oldest) && oldest.Committed)
        {
            _inFlight.Dequeue();
            DurableSequenceNr = oldest.UpTo;
        }

        while (_deferred.TryPeek(out var reply) && reply.SequenceNr <= DurableSequenceNr)
        {
            _deferred.Dequeue();
            reply.Recipient.Tell(reply.Message, Self);
        }

        if (_stopped || _failed)
        {
            // Stopped: nothing more is sent. Failed: an earlier-sent write committed after a later one failed; its
            // replies were released above, and the actor is already failing.
            return;
        }

        SaveCapturedSnapshot();
        Flush();
        ResumeAfterJournal();
    }

    private void ResumeAfterJournal()
    {
        if (_pausedForJournal)
        {
            _pausedForJournal = false;
            Cell.Mailbox.Resume();
        }
    }

    private void FailSnapshotWaiters(Exception error)
    {
        if (_snapshotWaiters is null)
        {
            return;
        }

        foreach (var waiter in _snapshotWaiters)
        {
            waiter.Recipient.Tell(new Status.Failure(error), Self);
        }

        _snapshotWaiters = null;
    }

    private void FailDeferred(long fromSequenceNr, Exception error)
    {
        var remaining = new Queue<DeferredReply>();
        while (_deferred.TryDequeue(out var reply))
        {
            if (reply.SequenceNr >= fromSequenceNr)
            {
                reply.Recipient.Tell(new Status.Failure(error), Self);
            }
            else
            {
                remaining.Enqueue(reply);
            }
        }

        foreach (var reply in remaining)
        {
            _deferred.Enqueue(reply);
        }
    }

    // When the buffer was just emptied into the write, the state is exactly that of the events up to LastSequenceNr.
    private void CaptureSnapshotIfDue()
    {
        var every = _persistence.SnapshotEvery;
        if (every == 0 || _buffer.Count > 0 || _snapshotInFlight || _snapshotToSave is not null || LastSequenceNr - _lastSnapshotSequenceNr < every)
        {
            return;
        }

        if (CreateSnapshot() is { } bytes)
        {
            _snapshotToSave = (LastSequenceNr, bytes);
        }
    }

    private void SaveCapturedSnapshot()
    {
        if (_snapshotToSave is not { } snapshot || snapshot.SequenceNr > DurableSequenceNr)
        {
            return;
        }

        _snapshotToSave = null;
        _snapshotInFlight = true;
        var metadata = new SnapshotMetadata(PersistenceId, snapshot.SequenceNr, Context.System.Settings.TimeProvider.GetUtcNow());
        _persistence.SnapshotStore!.SaveAsync(metadata, snapshot.Bytes).ContinueWith(
            static (task, state) => ((SnapshotCompletion)state!).Post(task),
            new SnapshotCompletion(this, snapshot.SequenceNr),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void OnSnapshotSaved(Task task, long sequenceNr)
    {
        _snapshotInFlight = false;
        if (task.IsCompletedSuccessfully)
        {
            _lastSnapshotSequenceNr = sequenceNr;
        }
        else
        {
            // A failed snapshot loses nothing (the journal holds every event); recovery just replays more.
            Log.LogWarning(task.Exception?.GetBaseException(), "Saving the snapshot of {PersistenceId} at {SequenceNr} failed; the journal still holds every event.", PersistenceId, sequenceNr);
        }

        _snapshotWaiters?.RemoveAll(waiter =>
        {
            if (waiter.SequenceNr > sequenceNr)
            {
                return false; // waits for a newer snapshot, still to be saved
            }

            waiter.Recipient.Tell(waiter.Message, Self);
            return true;
        });
    }

    private readonly record struct DeferredReply(long SequenceNr, IActorRef Recipient, object Message);

    /// <summary>A journal write in flight: its events, and the way its answer comes back onto the actor's turn.</summary>
    private sealed class InFlightWrite(PersistentActor actor, long first, long upTo)
    {
        private Task<IReadOnlyList<Journal.WriteOutcome>>? _task;

        public long First => first;

        public long UpTo => upTo;

        /// <summary>The request on a chaining journal, which the next write is chained to.</summary>
        public Journal.GroupCommitRequest? Request { get; set; }

        /// <summary>Committed, but an older write is still unanswered.</summary>
        public bool Committed { get; set; }

        public void Post(Task<IReadOnlyList<Journal.WriteOutcome>> task)
        {
            _task = task;
            actor.Cell.SelfRef.SendSystemMessage(new AsyncContinuation(static s => ((InFlightWrite)s!).Run(), this));
        }

        private void Run() => actor.OnWriteCompleted(this, _task!);
    }

    private sealed class SnapshotCompletion(PersistentActor actor, long sequenceNr)
    {
        private Task? _task;

        public void Post(Task task)
        {
            _task = task;
            actor.Cell.SelfRef.SendSystemMessage(new AsyncContinuation(static s => ((SnapshotCompletion)s!).Run(), this));
        }

        private void Run()
        {
            if (!actor._stopped)
            {
                actor.OnSnapshotSaved(_task!, sequenceNr);
            }
        }
    }

    /// <summary>The message that makes the actor hand its buffered events to the journal.</summary>
    internal sealed class FlushJournal
    {
        public static readonly FlushJournal Instance = new();
    }
}
