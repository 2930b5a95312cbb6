namespace Actors.Persistence.GroupCommit;

using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

/// <summary>
/// An Akka.NET persistent actor that commits in groups: a command's effects are applied at once and its events join
/// the current group; one write per round trip to the journal carries the whole group as a single event, and every
/// reply waits until all it depends on is durable. Plain Akka.Persistence writes one event per <c>Persist</c> and
/// stashes meanwhile, so an actor that persists per command is bounded by journal round trips; here the commands that
/// arrive while a write is in flight are decided, applied and answered together when the next write commits.
/// </summary>
/// <remarks>
/// <para>
/// <b>Order and durability.</b> Events are numbered as they are added; a reply registered with
/// <see cref="ReplyWhenDurable"/> (for a read as for a write) goes out once every event added before it is confirmed,
/// so replies leave in the order of the commands and never before the journal has what they report. Without a
/// journal (<see cref="IsJournaled"/> false) nothing is persisted and replies go at once.
/// </para>
/// <para>
/// <b>Failure.</b> If the journal fails or rejects a group, every waiting reply becomes a
/// <see cref="Status.Failure"/> with <see cref="JournalWriteFailedException"/>, and the actor stops (its state ran
/// ahead of the journal); whoever starts it again recovers it from the journal.
/// </para>
/// <para>
/// <b>Backpressure.</b> At most <see cref="MaxPendingEvents"/> events wait for the journal; a subclass asks
/// <see cref="CanTakeWrites"/> and refuses writes while it is false, so memory stays bounded when intake outruns the
/// journal.
/// </para>
/// <para>
/// <b>Snapshots.</b> <see cref="RequestSnapshot"/> takes one at the next quiet moment: commands are stashed until
/// the groups in flight are durable, then <see cref="CreateSnapshot"/> is saved — so a snapshot never holds a change
/// the journal might not get.
/// </para>
/// </remarks>
public abstract class GroupCommitPersistentActor : UntypedPersistentActor
{
    private readonly Queue<Waiter> _waiters = new();
    private readonly long _startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    private List<object> _group = [];
    private long _added;
    private long _durable;
    private bool _inFlight;
    private bool _snapshotWanted;

    /// <summary>Whether events are journaled at all (false: memory only, replies at once).</summary>
    protected virtual bool IsJournaled => true;

    /// <summary>The most events that may wait for the journal before <see cref="CanTakeWrites"/> turns false.</summary>
    protected virtual int MaxPendingEvents => 4096;

    /// <summary>Whether the actor may take more writes now (see the remarks on backpressure).</summary>
    protected bool CanTakeWrites => _group.Count < MaxPendingEvents;

    /// <summary>Events added and not yet confirmed by the journal.</summary>
    protected long PendingEvents => _added - _durable;

    /// <summary>The journal position that is durable: the sequence number of the last confirmed group.</summary>
    protected long DurableSequenceNr => _inFlight ? LastSequenceNr - 1 : LastSequenceNr;

    /// <summary>Groups written since the actor started (each one journal event and one round trip).</summary>
    protected long GroupsWritten { get; private set; }

    /// <summary>Handles a command; replies go through <see cref="ReplyWhenDurable"/> or <see cref="WhenDurable"/>.</summary>
    protected abstract void OnGroupCommand(object message);

    /// <summary>The one journal event that carries <paramref name="events"/>.</summary>
    protected abstract object CreateGroup(IReadOnlyList<object> events);

    /// <summary>The snapshot to save now; it must not change afterwards (encode it, or copy the state).</summary>
    protected virtual object CreateSnapshot() => throw new NotSupportedException($"{GetType().Name} does not take snapshots.");

    /// <summary>Called on the actor when a group is durable, with the number of events it held.</summary>
    protected virtual void OnGroupDurable(int events)
    {
    }

    /// <summary>Adds an event, already applied to the state, to the current group.</summary>
    protected void AddToGroup(object evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (IsJournaled)
        {
            _group.Add(evt);
            _added++;
        }
    }

    /// <summary>Sends <paramref name="reply"/> to <paramref name="recipient"/> once everything added so far is durable.</summary>
    protected void ReplyWhenDurable(IActorRef recipient, object reply)
    {
        if (_durable == _added)
        {
            recipient.Tell(reply, Self);
        }
        else
        {
            _waiters.Enqueue(new Waiter(_added, recipient, reply, null, null));
        }
    }

    /// <summary>Runs <paramref name="then"/> once everything added so far is durable, or <paramref name="failed"/> if it cannot be.</summary>
    protected void WhenDurable(Action then, Action<Exception> failed)
    {
        if (_durable == _added)
        {
            then();
        }
        else
        {
            _waiters.Enqueue(new Waiter(_added, null, null, then, failed));
        }
    }

    /// <summary>Saves a snapshot at the next quiet moment (see the remarks).</summary>
    protected void RequestSnapshot() => _snapshotWanted = true;

    protected sealed override void OnCommand(object message)
    {
        switch (message)
        {
            case SaveSnapshotSuccess success:
                OnSnapshotSaved(success.Metadata);
                return;
            case SaveSnapshotFailure failure:
                OnSnapshotFailed(failure.Metadata, failure.Cause);
                return;
        }

        if (_snapshotWanted && !TrySnapshotNow())
        {
            Stash.Stash();
            return;
        }

        OnGroupCommand(message);
        WriteGroupIfIdle();
    }

    /// <summary>A snapshot was saved; by default older snapshots are kept.</summary>
    protected virtual void OnSnapshotSaved(SnapshotMetadata metadata)
    {
    }

    /// <summary>A snapshot could not be saved; the journal still holds everything, so this only costs recovery time.</summary>
    protected virtual void OnSnapshotFailed(SnapshotMetadata metadata, Exception cause) =>
        Context.GetLogger().Warning(cause, "Snapshot {0} of {1} could not be saved; recovery replays the journal instead.", metadata.SequenceNr, PersistenceId);

    protected override void OnReplaySuccess()
    {
        GroupCommitMetrics.Recovered(_startedAt);
        base.OnReplaySuccess();
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        FailWaiters(new JournalWriteFailedException(PersistenceId, sequenceNr, cause));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        FailWaiters(new JournalWriteFailedException(PersistenceId, sequenceNr, cause));
        base.OnPersistRejected(cause, @event, sequenceNr);

        // The state holds changes the journal refused: start again from what it has.
        Context.Stop(Self);
    }

    private void WriteGroupIfIdle()
    {
        if (_inFlight || _group.Count == 0)
        {
            return;
        }

        var events = _group;
        var upTo = _added;
        _group = [];
        _inFlight = true;
        GroupsWritten++;
        var writeStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        PersistAsync(CreateGroup(events), _ =>
        {
            GroupCommitMetrics.GroupWritten(events.Count, writeStarted);
            _inFlight = false;
            _durable = upTo;
            ReleaseWaiters();
            OnGroupDurable(events.Count);
            WriteGroupIfIdle();
            if (_snapshotWanted && TrySnapshotNow())
            {
                Stash.UnstashAll();
            }
        });
    }

    private bool TrySnapshotNow()
    {
        if (_inFlight || _group.Count > 0)
        {
            return false;
        }

        _snapshotWanted = false;
        SaveSnapshot(CreateSnapshot());
        return true;
    }

    private void ReleaseWaiters()
    {
        while (_waiters.TryPeek(out var waiter) && waiter.UpTo <= _durable)
        {
            _waiters.Dequeue();
            if (waiter.Recipient is not null)
            {
                waiter.Recipient.Tell(waiter.Reply, Self);
            }
            else
            {
                waiter.Then!();
            }
        }
    }

    private void FailWaiters(Exception error)
    {
        _group.Clear();
        while (_waiters.TryDequeue(out var waiter))
        {
            if (waiter.Recipient is not null)
            {
                waiter.Recipient.Tell(new Status.Failure(error), Self);
            }
            else
            {
                waiter.Failed!(error);
            }
        }
    }

    private readonly record struct Waiter(long UpTo, IActorRef? Recipient, object? Reply, Action? Then, Action<Exception>? Failed);
}
