using Actors.Store.Events;

namespace Actors.Store.Persistence;

using Akka.Actor;
using Akka.Persistence;

/// <summary>
/// The store's manifest, journaled beside its shards (<c>store-manifest</c>): the shape the data was written with. The
/// first start records it; every later start checks it before any shard runs, so that a store opened with another
/// shard count (or key hash) stops with a clear error instead of looking for keys in the wrong shards. It changes
/// nothing when the shape differs. It completes its outcome (null: the shape is right) and stops.
/// </summary>
internal sealed class StoreManifestActor : UntypedPersistentActor
{
    public const string Id = "store-manifest";

    private readonly StoreShape _expected;
    private readonly string _location;
    private readonly TaskCompletionSource<Exception?> _outcome;
    private StoreShape? _recorded;

    public StoreManifestActor(StoreShape expected, string location, string journalPluginId, string snapshotPluginId, TaskCompletionSource<Exception?> outcome)
    {
        _expected = expected;
        _location = location;
        _outcome = outcome;
        JournalPluginId = journalPluginId;
        SnapshotPluginId = snapshotPluginId;
    }

    public override string PersistenceId => Id;

    public static Props Props(StoreShape expected, string location, string journalPluginId, string snapshotPluginId, TaskCompletionSource<Exception?> outcome) =>
        Akka.Actor.Props.Create(() => new StoreManifestActor(expected, location, journalPluginId, snapshotPluginId, outcome));

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case StoreShape shape:
                _recorded ??= shape;
                break;
            case RecoveryCompleted:
                Self.Tell(Check.Instance);
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        if (message is not Check)
        {
            Unhandled(message);
        }
        else if (_recorded is null)
        {
            Persist(_expected, shape =>
            {
                _recorded = shape;
                Done(null);
            });
        }
        else if (_recorded.HashFunction != _expected.HashFunction)
        {
            Done(new UnknownEventFormatException(_recorded.HashFunction, $"The store manifest at {_location} (key hash)", [_expected.HashFunction]));
        }
        else if (_recorded.Shards != _expected.Shards)
        {
            Done(new ShardCountMismatchException(_recorded.Shards, _expected.Shards, _location));
        }
        else
        {
            Done(null);
        }
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _outcome.TrySetResult(new StoreUnavailableException($"The store cannot read its data at {_location}: {reason.GetBaseException().Message}", reason));
        base.OnRecoveryFailure(reason, message);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _outcome.TrySetResult(new StoreUnavailableException($"The store cannot write its manifest at {_location}: {cause.GetBaseException().Message}", cause));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    private void Done(Exception? error)
    {
        _outcome.TrySetResult(error);
        Context.Stop(Self);
    }

    private sealed class Check
    {
        public static readonly Check Instance = new();
    }
}
