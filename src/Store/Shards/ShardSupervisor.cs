using Actors.Persistence;
using Actors.Supervision;
using Supervision = Actors.Supervision;

namespace Actors.Store.Shards;

/// <summary>
/// The parent of the shard actors (<c>/user/store</c>). A shard that fails while running — a failed journal write,
/// say — is restarted and recovers from the journal; one that cannot recover, or fails again and again, is stopped
/// and reported, so that the store answers with the cause instead of looping.
/// </summary>
internal sealed class ShardSupervisor : ReceiveActor
{
    public ShardSupervisor(IReadOnlyList<Props> shards, Action<int, Exception> onShardStopped)
    {
        var refs = shards.Select((props, i) => Context.ActorOf(props, $"shard-{i}")).ToArray();
        foreach (var shard in refs)
        {
            Context.Watch(shard);
        }

        Receive<GetShards>(_ => Sender.Tell(refs, Self));
        Receive<Terminated>(t =>
        {
            var index = Array.IndexOf(refs, t.ActorRef);
            if (index >= 0)
            {
                onShardStopped(index, new InvalidOperationException($"shard {index} stopped"));
            }
        });
    }

    public static SupervisorStrategy Strategy(Action<int, Exception> onShardFailedForGood) =>
        new OneForOneStrategy(maxNrOfRetries: 10, withinTimeRange: TimeSpan.FromMinutes(1), decider: cause =>
        {
            // Recovery that fails at once surfaces from PreStart, wrapped as an initialisation failure.
            var recovery = cause as RecoveryFailedException ?? (cause as ActorInitializationException)?.InnerException as RecoveryFailedException;
            if (recovery is not null && int.TryParse(recovery.PersistenceId.AsSpan("shard-".Length), out var shard))
            {
                onShardFailedForGood(shard, recovery);
                return Directive.Stop;
            }

            return Supervision.SupervisorStrategy.DefaultDecider(cause);
        });

    public sealed record GetShards
    {
        public static readonly GetShards Instance = new();
    }
}
