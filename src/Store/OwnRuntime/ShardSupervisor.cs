using Actors.Persistence;
using Actors.Store.Routing;
using Actors.Supervision;
using Supervision = Actors.Supervision;
using Actors.Store.Shards;
using Actors.Store.Client;

namespace Actors.Store.OwnRuntime;

/// <summary>
/// The parent of this node's shard actors (<c>/user/store</c>). It starts a shard on request (under the epoch of this
/// node's ownership), stops one on request (a hand-off), and reports a shard that stopped on its own. A shard that fails
/// while running — a failed journal write, say — is restarted and recovers from the journal; one that cannot recover,
/// or fails again and again, is stopped and reported, so that the store answers with the cause instead of looping.
/// </summary>
internal sealed class ShardSupervisor : ReceiveActor
{
    public ShardSupervisor(Func<int, long, Props> shardProps, Action<int, Exception> onShardStopped)
    {
        var running = new Dictionary<IActorRef, int>();
        var stopping = new Dictionary<IActorRef, IActorRef>();

        Receive<StartShard>(start =>
        {
            var name = $"shard-{start.Shard}";
            var child = Context.Child(name);
            if (child is null)
            {
                child = Context.ActorOf(shardProps(start.Shard, start.Epoch), name);
                Context.Watch(child);
                running[child] = start.Shard;
            }

            Sender.Tell(child, Self);
        });
        Receive<StopShard>(stop =>
        {
            var child = running.FirstOrDefault(kv => kv.Value == stop.Shard).Key;
            if (child is null)
            {
                Sender.Tell(ShardStopped.Instance, Self);
                return;
            }

            stopping[child] = Sender;
            Context.Stop(child);
        });
        Receive<Terminated>(t =>
        {
            if (!running.Remove(t.ActorRef, out var shard))
            {
                return;
            }

            if (stopping.Remove(t.ActorRef, out var requester))
            {
                requester.Tell(ShardStopped.Instance, Self);
            }
            else
            {
                onShardStopped(shard, new InvalidOperationException($"shard {shard} stopped"));
            }
        });
    }

    /// <param name="onShardFailedForGood">A shard cannot recover; it is stopped.</param>
    /// <param name="onOwnershipLost">A shard's write was refused because another node now owns the shard; it is stopped
    /// rather than restarted, since a restart under the same (stale) fence would be refused the same way.</param>
    public static SupervisorStrategy Strategy(Action<int, Exception> onShardFailedForGood, Action<int, Exception> onOwnershipLost) =>
        new OneForOneStrategy(maxNrOfRetries: 10, withinTimeRange: TimeSpan.FromMinutes(1), decider: cause =>
        {
            if (ShardOwnershipLostException.IsOwnershipLoss(cause) && cause is PersistFailedException { PersistenceId: var id }
                && int.TryParse(id.AsSpan("shard-".Length), out var moved))
            {
                onOwnershipLost(moved, cause);
                return Directive.Stop;
            }

            // Recovery that fails at once surfaces from PreStart, wrapped as an initialisation failure.
            var recovery = cause as RecoveryFailedException ?? (cause as ActorInitializationException)?.InnerException as RecoveryFailedException;
            if (recovery is not null && int.TryParse(recovery.PersistenceId.AsSpan("shard-".Length), out var shard))
            {
                onShardFailedForGood(shard, recovery);
                return Directive.Stop;
            }

            return Supervision.SupervisorStrategy.DefaultDecider(cause);
        });

    /// <summary>Start (or return) the actor of <see cref="Shard"/>, owned under <see cref="Epoch"/>.</summary>
    public sealed record StartShard(int Shard, long Epoch);

    /// <summary>Stop the actor of <see cref="Shard"/>; answered with <see cref="ShardStopped"/> once it has terminated.</summary>
    public sealed record StopShard(int Shard);

    public sealed record ShardStopped
    {
        public static readonly ShardStopped Instance = new();
    }
}
