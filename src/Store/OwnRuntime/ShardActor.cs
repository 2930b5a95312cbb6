using Actors.Persistence;
using Actors.Scheduling;
using Actors.Store.Events;
using Microsoft.Extensions.Logging;
using Actors.Store.Shards;
using Actors.Store.Client;

namespace Actors.Store.OwnRuntime;

/// <summary>
/// The one actor that owns a shard: the only code that touches its <see cref="ShardState"/>. Writes are decided into
/// events, applied at once and persisted; every reply waits until what it depends on is durable (see
/// <see cref="PersistentActor"/>), so a reply means applied and durable, and each key is linearizable.
/// </summary>
internal sealed class ShardActor : PersistentActor
{
    /// <summary>
    /// A shard about to move snapshots first when at least this many events were written since its last snapshot; fewer
    /// replay in a millisecond or two on the next owner, cheaper than encoding the whole shard.
    /// </summary>
    internal const int HandOffSnapshotThreshold = 1000;

    private readonly ShardState _state = new();
    private readonly int _shard;
    private readonly ShardOptions _options;
    private ICancelable? _sweep;
    private long _processed;

    public ShardActor(int shard, PersistenceContext persistence, ShardOptions options, long epoch = 0)
        : base(persistence)
    {
        _shard = shard;
        _options = options;
        Epoch = epoch;

        // Clustered: every journal write carries the epoch of this node's ownership, so that once the shard has moved
        // the journal refuses this copy's writes (a paused or partitioned former owner can never write after the move).
        if (epoch > 0)
        {
            Fence = new WriteFence(shard.ToString(System.Globalization.CultureInfo.InvariantCulture), epoch);
        }
    }

    /// <summary>The epoch under which this node owns the shard (0 when not clustered).</summary>
    public long Epoch { get; }

    public override string PersistenceId => ShardPersistenceId(_shard);

    public static string ShardPersistenceId(int shard) => $"shard-{shard}";

    private long NowMs => Context.System.Settings.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    protected override void OnRecoverSnapshot(SelectedSnapshot snapshot)
    {
        var (entries, floor) = ShardSnapshotCodec.Decode(snapshot.Snapshot.Span, $"snapshot {snapshot.Metadata.SequenceNr} of {PersistenceId}");
        _state.Load(entries, floor);
    }

    protected override void OnRecoverEvent(PersistentRepr evt) =>
        _state.Apply(ShardEventCodec.Decode(evt.Manifest, evt.Payload.Span, $"event {evt.SequenceNr} of {PersistenceId}"));

    protected override void OnRecoveryCompleted()
    {
        _state.Sweep(NowMs, (long)_options.TombstoneRetention.TotalMilliseconds);
        _sweep = Context.System.Scheduler.ScheduleTellRepeatedly(_options.SweepInterval, _options.SweepInterval, Self, ShardProtocol.Sweep.Instance, null);
        _options.OnRecovered(_shard, LastSequenceNr);
    }

    protected override ReadOnlyMemory<byte>? CreateSnapshot() => ShardSnapshotCodec.Encode(_state);

    protected override void PostStop() => _sweep?.Cancel();

    protected override bool Receive(object message)
    {
        _processed++;
        try
        {
            switch (message)
            {
                case ShardProtocol.Get get:
                    ReplyWhenDurable(Sender, new ShardProtocol.GetReply(_state.Get(get.Key, NowMs)));
                    break;
                case ShardProtocol.Set set:
                    ReplyWhenDurable(Sender, SetOne(set.Key, set.Value, set.Options));
                    break;
                case ShardProtocol.Delete delete:
                    ReplyWhenDurable(Sender, DeleteOne(delete.Key, delete.ExpectedVersion));
                    break;
                case ShardProtocol.Increment increment:
                    ReplyWhenDurable(Sender, IncrementOne(increment.Key, increment.By));
                    break;
                case ShardProtocol.GetMany many:
                    var now = NowMs;
                    ReplyWhenDurable(Sender, new ShardProtocol.GetManyReply(many.Keys.Select(k => _state.Get(k, now)).ToArray()));
                    break;
                case ShardProtocol.SetMany many:
                    ReplyWhenDurable(Sender, new ShardProtocol.SetManyReply(many.Items.Select(i => SetOne(i.Key, i.Value, null)).ToArray()));
                    break;
                case ShardProtocol.Batch batch:
                    ReplyWhenDurable(Sender, ApplyBatch(batch.Operations));
                    break;
                case ShardProtocol.Scan scan:
                    var entries = _state.Scan(scan.Prefix, scan.AfterKey, scan.Limit, scan.IncludeValues, NowMs, out var more);
                    ReplyWhenDurable(Sender, new ShardProtocol.ScanReply(entries, more));
                    break;
                case ShardProtocol.Count:
                    ReplyWhenDurable(Sender, _state.CountLive(NowMs));
                    break;
                case ShardProtocol.Stats:
                    Sender.Tell(new ShardStats(_shard, _state.CountLive(NowMs), _state.LiveBytes, Context.MailboxDepth, _processed, DurableSequenceNr, _state.Tombstones), Self);
                    break;
                case ShardProtocol.Flush:
                    ReplyWhenDurable(Sender, ShardProtocol.Flushed.Instance);
                    break;
                case ShardProtocol.PrepareHandOff when LastSequenceNr - LastSnapshotSequenceNr >= HandOffSnapshotThreshold:
                    ReplyAfterSnapshot(Sender, ShardProtocol.Flushed.Instance);
                    break;
                case ShardProtocol.PrepareHandOff:
                    ReplyWhenDurable(Sender, ShardProtocol.Flushed.Instance);
                    break;
                case ShardProtocol.PostedSet posted:
                    SetOne(posted.Key, posted.Value, null);
                    break;
                case ShardProtocol.PostedIncrement posted:
                    IncrementOne(posted.Key, posted.By);
                    break;
                case ShardProtocol.PostedBatch batch:
                    try
                    {
                        ApplyPosted(batch);
                    }
                    finally
                    {
                        // Applied, or failed part-way (the shard restarts or stops): either way, done with.
                        batch.Release();
                    }

                    break;
                case ShardProtocol.Acknowledged acknowledged:
                    Receive(acknowledged.Inner);
                    ReplyWhenDurable(Sender, ShardProtocol.Flushed.Instance);
                    break;
                case ShardProtocol.Sweep:
                    _state.Sweep(NowMs, (long)_options.TombstoneRetention.TotalMilliseconds);
                    break;
                default:
                    return false;
            }
        }
        catch (StoreException error)
        {
            // Bad input for this key (e.g. incrementing a non-integer) is the caller's error, not the shard's.
            if (message is ShardProtocol.PostedSet or ShardProtocol.PostedIncrement)
            {
                _options.OnPostedFailure(_shard, error);
            }
            else
            {
                Sender.Tell(new Status.Failure(error), Self);
            }
        }

        return true;
    }

    // A pipeline's writes: each applied on its own (not atomically together), none answered; a bad one is reported
    // and the rest still apply.
    private void ApplyPosted(ShardProtocol.PostedBatch batch)
    {
        var now = NowMs;
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
                _options.OnPostedFailure(_shard, error);
            }
        }
    }

    private WriteResult SetOne(string key, byte[] value, SetOptions? options) => SetOne(key, value, options, NowMs);

    private WriteResult SetOne(string key, byte[] value, SetOptions? options, long now)
    {
        if (options?.ExpectedVersion is null)
        {
            // Nothing can refuse an unconditional write: apply it in one lookup, then journal what happened.
            var expiresAt = options?.Ttl is { } ttl ? now + Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds)) : 0;
            var version = _state.WriteInPlace(key, value, expiresAt, options?.ContentType, now, out var created);
            Persist((key, value, version, now, expiresAt, options?.ContentType), static w => ShardEventCodec.Encode(new EntryWritten(w.key, w.value, w.version, w.now, w.expiresAt, w.Item6)));
            return WriteResult.Written(version, created);
        }

        var (result, evt) = _state.DecideSet(key, value, options, now);
        if (evt is not null)
        {
            PersistAndApply(evt);
        }

        return result;
    }

    private DeleteResult DeleteOne(string key, long? expectedVersion)
    {
        var (result, evt) = _state.DecideDelete(key, expectedVersion, NowMs);
        if (evt is not null)
        {
            PersistAndApply(evt);
        }

        return result;
    }

    private IncrementResult IncrementOne(string key, long by) => IncrementOne(key, by, NowMs);

    private IncrementResult IncrementOne(string key, long by, long now)
    {
        if (!IsJournaled)
        {
            var value = _state.IncrementInPlace(key, by, now, out var version);
            Persist(0, static _ => throw new InvalidOperationException("not journaled"));
            return new IncrementResult(value, version);
        }

        var (result, evt) = _state.DecideIncrement(key, by, now);
        PersistAndApply(evt);
        return result;
    }

    /// <summary>
    /// All or nothing: each step is decided against the state left by the steps before it and applied in memory; if a
    /// step does not match, the applied steps are undone and nothing is persisted.
    /// </summary>
    private BatchResult ApplyBatch(IReadOnlyList<BatchOperation> operations)
    {
        var now = NowMs;
        var undo = new Stack<(string Key, Entry? Previous)>();
        var events = new List<ShardEvent>(operations.Count);
        var results = new long[operations.Count];
        try
        {
            for (var i = 0; i < operations.Count; i++)
            {
                var operation = operations[i];
                ShardEvent? evt = null;
                switch (operation)
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

        foreach (var evt in events)
        {
            Persist(evt, ShardEventCodec.Encode);
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

    private void PersistAndApply(ShardEvent evt)
    {
        Persist(evt, ShardEventCodec.Encode);
        _state.Apply(evt);
    }
}

/// <summary>What a shard needs besides its journal: timings and the store's callbacks.</summary>
internal sealed record ShardOptions(
    TimeSpan SweepInterval,
    TimeSpan TombstoneRetention,
    Action<int, long> OnRecovered,
    Action<int, StoreException> OnPostedFailure);
