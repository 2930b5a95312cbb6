using Actors.Store.Protocol;
using Actors.Store.Sharding;

namespace Actors.Store.Shards;

using Akka.Actor;

/// <summary>
/// The store's entry on one node: the parent of every shard actor, which starts them all at once when the store has
/// opened its data (each recovers its journal), routes a command to the shard its key (or its shard number) names — what
/// <c>Akka.Cluster.Sharding</c>'s <c>ShardRegion</c> does across nodes, with the same extraction rules
/// (<see cref="StoreMessageExtractor"/>) — and starts a shard again, after a back-off, when it stopped (a failed
/// journal write stops a shard: it recovers from what the journal has).
/// </summary>
internal sealed class StoreRegion : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan FirstRestartDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestRestartDelay = TimeSpan.FromSeconds(10);

    private ShardSettings _settings;
    private readonly string? _mailbox;
    private readonly IRegionListener _listener;
    private readonly IActorRef?[] _shards;
    private readonly TimeSpan[] _restartDelays;
    private readonly int[] _incarnations;

    public StoreRegion(ShardSettings settings, string? mailbox, IRegionListener listener)
    {
        _settings = settings;
        _mailbox = mailbox;
        _listener = listener;
        _shards = new IActorRef?[settings.Shards];
        _restartDelays = Enumerable.Repeat(FirstRestartDelay, settings.Shards).ToArray();
        _incarnations = new int[settings.Shards];

        Receive<ShardRecovery.Recovered>(recovered =>
        {
            _restartDelays[recovered.Shard] = FirstRestartDelay;
            _listener.Recovered(recovered.Shard, recovered.SequenceNr);
        });
        Receive<ShardRecovery.Failed>(failed => _listener.RecoveryFailed(failed.Shard, failed.Cause));
        Receive<Terminated>(terminated => OnStopped(terminated.ActorRef));
        Receive<RestartShard>(restart => StartShard(restart.Shard));
        Receive<StartShards>(start =>
        {
            _settings = start.Settings;
            for (var shard = 0; shard < _shards.Length; shard++)
            {
                if (_shards[shard] is null)
                {
                    StartShard(shard);
                }
            }
        });
        Receive<IStoreCommand>(command =>
        {
            var shard = StoreMessageExtractor.ShardOf(command, _settings.Shards);
            if (_shards[shard] is { } target)
            {
                target.Forward(command);
            }
            else
            {
                Sender.Tell(new Status.Failure(new StoreUnavailableException($"Shard {shard} is not running now (the store is starting, or the shard restarts after a failure); retry shortly.")));
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ShardSettings settings, string? mailbox, IRegionListener listener) =>
        Akka.Actor.Props.Create(() => new StoreRegion(settings, mailbox, listener));

    // The shards are the store's state: a shard that throws (never by design: bad input is answered) is stopped and
    // started again by this actor after a back-off, not restarted in place with a state that ran ahead of its journal.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void StartShard(int shard)
    {
        var props = ShardEntity.Props(shard, _settings);
        if (_mailbox is not null)
        {
            props = props.WithMailbox(_mailbox);
        }

        // A fresh name for each incarnation: the stopped one's name may not be free yet when its Terminated arrives.
        var incarnation = _incarnations[shard]++;
        var child = Context.ActorOf(props, incarnation == 0 ? $"shard-{shard}" : $"shard-{shard}-{incarnation}");
        Context.Watch(child);
        _shards[shard] = child;
        _listener.Started(shard, child);
    }

    private void OnStopped(IActorRef child)
    {
        var shard = Array.FindIndex(_shards, s => Equals(s, child));
        if (shard < 0)
        {
            return;
        }

        _shards[shard] = null;
        _listener.Stopped(shard);
        Diagnostics.ShardMetrics.Restarted();
        var delay = _restartDelays[shard];
        _restartDelays[shard] = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRestartDelay.Ticks));
        Timers.StartSingleTimer($"restart-{shard}", new RestartShard(shard), delay);
    }

    private sealed record RestartShard(int Shard);

    /// <summary>Starts every shard: sent by the store once its data is open and its shape checked.</summary>
    internal sealed record StartShards(ShardSettings Settings);
}

/// <summary>What the region tells the store about its shards.</summary>
internal interface IRegionListener
{
    void Started(int shard, IActorRef actor);

    void Recovered(int shard, long sequenceNr);

    void RecoveryFailed(int shard, Exception cause);

    void Stopped(int shard);
}
