using Actors.Persistence.GroupCommit;
using Actors.Store.Client;
using Actors.Store.Events;
using Actors.Store.Protocol;
using Actors.Store.Sharding;

namespace Actors.Store.Shards;

using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

/// <summary>
/// The one actor that owns a shard: an Akka.NET persistent actor, the only code that touches its
/// <see cref="ShardState"/>. Each command is decided against the state and applied at once; its changes join the
/// shard's current group (<see cref="GroupCommitPersistentActor"/>), which is journaled as one event per round trip,
/// and every reply — for reads as for writes — waits until what it reports is durable. So a reply means applied and
/// durable, and each key is linearizable.
/// </summary>
internal sealed class ShardEntity : GroupCommitPersistentActor, IWithTimers
{
    private const string SweepTimer = "ttl-sweep";

    private readonly ShardState _state = new();
    private readonly int _shard;
    private readonly ShardSettings _settings;
    private readonly KeyRules _rules;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _processed;
    private long _changesSinceSnapshot;

    public ShardEntity(int shard, ShardSettings settings)
    {
        _shard = shard;
        _settings = settings;
        _rules = new KeyRules(settings.MaxKeyBytes, settings.MaxValueBytes);
        JournalPluginId = settings.JournalPluginId;
        SnapshotPluginId = settings.SnapshotPluginId;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => PersistenceIdOf(_shard);

    /// <summary>The persistence id of a shard's journal: <c>shard-3</c>.</summary>
    public static string PersistenceIdOf(int shard) => $"shard-{shard}";

    public static Props Props(int shard, ShardSettings settings) => Akka.Actor.Props.Create(() => new ShardEntity(shard, settings));

    protected override bool IsJournaled => _settings.Journaled;

    protected override int MaxPendingEvents => _settings.MaxPendingEvents;

    private static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: ShardSnapshot snapshot } offer:
                var (entries, floor) = ShardSnapshotCodec.Decode(snapshot.Encoded, $"snapshot {offer.Metadata.SequenceNr} of {PersistenceId}");
                _state.Load(entries, floor);
                break;
            case ShardEventGroup group:
                foreach (var evt in group.Events)
                {
                    _state.Apply(evt);
                }

                _changesSinceSnapshot += group.Events.Count;
                break;
            case RecoveryCompleted:
                _state.Sweep(NowMs, (long)_settings.TombstoneRetention.TotalMilliseconds);
                Timers.StartPeriodicTimer(SweepTimer, SweepTick.Instance, _settings.SweepInterval);
                Context.Parent.Tell(new ShardRecovery.Recovered(_shard, LastSequenceNr));
                break;
        }
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Context.Parent.Tell(new ShardRecovery.Failed(_shard, reason));
        base.OnRecoveryFailure(reason, message);
    }

    protected override object CreateGroup(IReadOnlyList<object> events) => new ShardEventGroup([.. events.Cast<ShardEvent>()]);

    protected override object CreateSnapshot()
    {
        _changesSinceSnapshot = 0;
        return new ShardSnapshot(ShardSnapshotCodec.Encode(_state));
    }

    protected override void OnGroupCommand(object message)
    {
        _processed++;
        Diagnostics.ShardMetrics.MessageProcessed();
        switch (message)
        {
            case OperationBatch batch:
                ExecuteBatch(batch);
                break;
            case PostSet posted:
                Posted(() => SetOne(posted.Key, posted.Value, null, NowMs));
                break;
            case PostIncrement posted:
                Posted(() => IncrementOne(posted.Key, posted.By, NowMs));
                break;
            case PostedBatch posted:
                ApplyPosted(posted);
                break;
            case IStoreCommand command:
                try
                {
                    ValidateForThisShard(command);
                    ReplyWhenDurable(Sender, Execute(command));
                }
                catch (StoreException error)
                {
                    ReplyWhenDurable(Sender, new Status.Failure(error));
                }

                break;
            case SweepTick:
                _state.Sweep(NowMs, (long)_settings.TombstoneRetention.TotalMilliseconds);
                break;
            default:
                Unhandled(message);
                break;
        }

        // store.snapshot-every counts changes (a journal event holds a group of them).
        if (_settings.SnapshotEvery > 0 && _changesSinceSnapshot >= _settings.SnapshotEvery)
        {
            RequestSnapshot();
        }
    }

    private void ExecuteBatch(OperationBatch batch)
    {
        var operations = batch.Seal();
        var results = new object?[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            try
            {
                results[i] = Execute(operations[i].Command);
            }
            catch (StoreException error)
            {
                results[i] = new Status.Failure(error);
            }
        }

        // One wait for the whole batch: its changes are in one group, so they become durable together.
        WhenDurable(
            () =>
            {
                for (var i = 0; i < operations.Count; i++)
                {
                    if (results[i] is Status.Failure { Cause: { } cause })
                    {
                        operations[i].Completion.TrySetException(cause);
                    }
                    else
                    {
                        operations[i].Completion.TrySetResult(results[i]);
                    }
                }
            },
            error =>
            {
                foreach (var operation in operations)
                {
                    operation.Completion.TrySetException(error);
                }
            });
    }

    private object Execute(IStoreCommand command)
    {
        var now = NowMs;
        if (!CanTakeWrites && command is Set or Delete or Increment or SetMany or Batch)
        {
            // The journal is behind by store.journal.max-pending-events: refuse more writes until it catches up,
            // rather than hold an ever longer queue of changes in memory.
            throw new StoreOverloadedException(_shard, $"{PendingEvents} of its changes wait for the journal (store.journal.max-pending-events = {_settings.MaxPendingEvents})", null);
        }

        switch (command)
        {
            case Get get:
                return new GetReply(_state.Get(get.Key, now));
            case Set set:
                return SetOne(set.Key, set.Value, set.Options, now);
            case Delete delete:
                return DeleteOne(delete.Key, delete.ExpectedVersion, now);
            case Increment increment:
                return IncrementOne(increment.Key, increment.By, now);
            case GetMany many:
                return new GetManyReply([.. many.Keys.Select(k => _state.Get(k, now))]);
            case SetMany many:
                return new SetManyReply([.. many.Items.Select(i => SetOne(i.Key, i.Value, null, now))]);
            case Batch batch:
                return ApplyBatch(batch.Operations, now);
            case Scan scan:
                var entries = _state.Scan(scan.Prefix, scan.AfterKey, scan.Limit, scan.IncludeValues, now, out var more);
                return new ScanReply(entries, more);
            case Count:
                return _state.CountLive(now);
            case GetStats:
                return new ShardStats(_shard, _state.CountLive(now), _state.LiveBytes, MailboxDepth(), _processed, DurableSequenceNr, _state.Tombstones);
            case Flush:
                return Flushed.Instance;
            default:
                throw new StoreUnavailableException($"Shard {_shard} does not know the command {command.GetType().Name}.");
        }
    }

    // Commands from Akka.NET applications come without the client's checks: the same rules, and the right shard.
    private void ValidateForThisShard(IStoreCommand command)
    {
        switch (command)
        {
            case IKeyedCommand keyed:
                foreach (var key in KeysOf(keyed))
                {
                    _rules.ValidateKey(key);
                    if (StableHash.ShardOf(key, _settings.Shards) != _shard)
                    {
                        throw new InvalidKeyException($"The key '{key}' belongs to shard {StableHash.ShardOf(key, _settings.Shards)}, not to shard {_shard}: send commands through the store's entry.");
                    }
                }

                break;
            case IShardScopedCommand scoped when scoped.Shard != _shard:
                throw new InvalidKeyException($"A command for shard {scoped.Shard} reached shard {_shard}: send commands through the store's entry.");
        }
    }

    private static IEnumerable<string> KeysOf(IKeyedCommand command) => command switch
    {
        GetMany many => many.Keys,
        SetMany many => many.Items.Select(i => i.Key),
        Batch batch => batch.Operations.Select(o => o.Key),
        _ => [command.Key],
    };

    private void Posted(Action write)
    {
        try
        {
            write();
        }
        catch (StoreException error)
        {
            RefusedPosted(error);
        }
    }

    private void RefusedPosted(StoreException error) => _log.Warning(error, "A fire-and-forget write to shard {0} was refused.", _shard);

    // A pipeline's writes: each applied on its own (not atomically together), none answered; a bad one is reported
    // and the rest still apply.
    private void ApplyPosted(PostedBatch batch)
    {
        var now = NowMs;
        try
        {
            // No closure and no result per write: a pipeline posts millions of them a second.
            foreach (var operation in batch.Items)
            {
                try
                {
                    if (operation.Value is { } value)
                    {
                        SetOne(operation.Key, value, null, now);
                    }
                    else
                    {
                        IncrementOne(operation.Key, operation.By, now);
                    }
                }
                catch (StoreException error)
                {
                    RefusedPosted(error);
                }
            }
        }
        finally
        {
            batch.Applied();
        }
    }

    private WriteResult SetOne(string key, byte[] value, SetOptions? options, long now)
    {
        _rules.ValidateLength(value.Length);
        if (options?.ExpectedVersion is null)
        {
            // Nothing can refuse an unconditional write: apply it in one lookup, then journal what happened.
            var expiresAt = options?.Ttl is { } ttl ? now + Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds)) : 0;
            var version = _state.WriteInPlace(key, value, expiresAt, options?.ContentType, now, out var created);
            if (_settings.Journaled)
            {
                Record(new EntryWritten(key, value, version, now, expiresAt, options?.ContentType));
            }
            else
            {
                // Nothing to journal: counting the change is all (an event here would be garbage at once).
                _changesSinceSnapshot++;
            }
            return WriteResult.Written(version, created);
        }

        var (result, evt) = _state.DecideSet(key, value, options, now);
        if (evt is not null)
        {
            ApplyAndAdd(evt);
        }

        return result;
    }

    private DeleteResult DeleteOne(string key, long? expectedVersion, long now)
    {
        var (result, evt) = _state.DecideDelete(key, expectedVersion, now);
        if (evt is not null)
        {
            ApplyAndAdd(evt);
        }

        return result;
    }

    private IncrementResult IncrementOne(string key, long by, long now)
    {
        if (!_settings.Journaled)
        {
            var value = _state.IncrementInPlace(key, by, now, out var version);
            return new IncrementResult(value, version);
        }

        var (result, evt) = _state.DecideIncrement(key, by, now);
        ApplyAndAdd(evt);
        return result;
    }

    /// <summary>
    /// All or nothing: each step is decided against the state left by the steps before it and applied in memory; if a
    /// step does not match, the applied steps are undone and nothing is journaled.
    /// </summary>
    private BatchResult ApplyBatch(IReadOnlyList<BatchOperation> operations, long now)
    {
        var undo = new Stack<(string Key, Entry? Previous)>();
        var events = new List<ShardEvent>(operations.Count);
        var results = new long[operations.Count];
        try
        {
            for (var i = 0; i < operations.Count; i++)
            {
                ShardEvent? evt = null;
                switch (operations[i])
                {
                    case BatchOperation.Set set:
                    {
                        var (result, written) = _state.DecideSet(set.Key, set.Value.ToArray(), set.Options, now);
                        if (!result.Applied)
                        {
                            return Abort(i, set.Key);
                        }

                        (evt, results[i]) = (written, result.Version);
                        break;
                    }

                    case BatchOperation.Delete delete:
                    {
                        var (result, deleted) = _state.DecideDelete(delete.Key, delete.ExpectedVersion, now);
                        if (delete.ExpectedVersion is not null && !result.Deleted)
                        {
                            return Abort(i, delete.Key);
                        }

                        (evt, results[i]) = (deleted, result.Version);
                        break;
                    }

                    case BatchOperation.Increment increment:
                    {
                        var (result, written) = _state.DecideIncrement(increment.Key, increment.By, now);
                        (evt, results[i]) = (written, result.Version);
                        break;
                    }

                    case BatchOperation.Check check:
                    {
                        var current = _state.CurrentVersion(check.Key, now);
                        if (current != check.ExpectedVersion)
                        {
                            return Abort(i, check.Key);
                        }

                        results[i] = current;
                        break;
                    }
                }

                if (evt is not null)
                {
                    undo.Push((evt.Key, _state.Peek(evt.Key)));
                    _state.Apply(evt);
                    events.Add(evt);
                }
            }
        }
        catch
        {
            Undo();
            throw;
        }

        // The steps go into one group together, so the batch is journaled whole or not at all.
        foreach (var evt in events)
        {
            Record(evt);
        }

        return new BatchResult(true, null, results, null);

        // The version reported is the committed one: what the client sees once the batch's own steps are undone.
        BatchResult Abort(int index, string key)
        {
            Undo();
            return new BatchResult(false, index, [], _state.CurrentVersion(key, now));
        }

        void Undo()
        {
            while (undo.TryPop(out var step))
            {
                _state.Restore(step.Key, step.Previous);
            }
        }
    }

    private void ApplyAndAdd(ShardEvent evt)
    {
        _state.Apply(evt);
        Record(evt);
    }

    private void Record(ShardEvent evt)
    {
        AddToGroup(evt);
        _changesSinceSnapshot++;
    }

    // Akka.NET keeps the mailbox on the actor's cell; its count is what the store reports as the shard's depth.
    private int MailboxDepth() => Context is ActorCell { Mailbox: { } mailbox } ? mailbox.MessageQueue.Count : 0;

    private sealed class SweepTick
    {
        public static readonly SweepTick Instance = new();
    }
}
