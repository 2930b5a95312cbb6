using Actors.Dispatch;
using Actors.Store.Protocol;
using Actors.Store.Shards;

namespace Actors.Store.Client;

using Akka.Actor;

/// <summary>
/// The way from concurrent callers to one shard. A call joins the batch that is on its way to the shard and not yet
/// taken, or starts the next one; so under load one message carries many callers' operations, and alone a call is one
/// message, as with a plain <c>Tell</c>. Each operation is answered through its own completion once durable (see
/// <see cref="OperationBatch"/>); a batch a bounded mailbox refuses fails all its operations at once with
/// <see cref="StoreOverloadedException"/> — none of them was applied.
/// </summary>
/// <remarks>
/// With a bounded shard mailbox of capacity <c>n</c>, at most <c>n</c> operations wait in the lane's batches for the
/// shard to take them — the mailbox's bound, counted in operations rather than in batch messages — and one more is
/// refused at once, as a full mailbox would refuse it.
/// </remarks>
internal sealed class ShardLane(int shard, ActorSystem system, int capacity = 0)
{
    private readonly IActorRefProvider _provider = ((ExtendedActorSystem)system).Provider;
    private readonly ActorPath _senderPath = new RootActorPath(((ExtendedActorSystem)system).Provider.DefaultAddress) / "temp" / $"store-shard-{shard}";
    private OperationBatch? _open;
    private IActorRef? _target;
    private int _waiting;

    public int Shard { get; } = shard;

    /// <summary>The shard's actor now (it changes when the shard is started again after a failure).</summary>
    public IActorRef? Target
    {
        get => Volatile.Read(ref _target);
        set => Volatile.Write(ref _target, value);
    }

    /// <summary>Sends <paramref name="command"/> in the lane's next batch; the task completes with the shard's reply.</summary>
    public Task<object?> Send(IStoreCommand command)
    {
        if (capacity > 0 && Interlocked.Increment(ref _waiting) > capacity)
        {
            Interlocked.Decrement(ref _waiting);
            MailboxMetrics.Rejected(MailboxOverflowPolicy.Reject);
            return Task.FromException<object?>(new StoreOverloadedException(Shard, new MailboxFullException(
                Target?.Path.ToString() ?? $"shard {Shard}", command.GetType(), capacity, MailboxOverflowPolicy.Reject, evicted: false)));
        }

        var completion = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var operation = new OperationBatch.Operation(command, completion);
        while (true)
        {
            var open = Volatile.Read(ref _open);
            if (open is not null)
            {
                if (open.TryAdd(operation))
                {
                    return completion.Task;
                }

                // Taken (or refused) meanwhile: it is no longer open.
                Interlocked.CompareExchange(ref _open, null, open);
                continue;
            }

            var batch = new OperationBatch(operation, this);
            if (Interlocked.CompareExchange(ref _open, batch, null) is null)
            {
                if (Target is { } target)
                {
                    target.Tell(batch, new RefusalListener(_provider, _senderPath, full => Refused(batch, full)));
                }
                else
                {
                    Fail(batch, new StoreUnavailableException($"Shard {Shard} is not running now (the store is starting, or the shard is restarting after a failure); retry shortly."));
                }

                return completion.Task;
            }
        }
    }

    /// <summary>The shard took <paramref name="batch"/> (of <paramref name="operations"/>): later calls start a new one.</summary>
    public void Taken(OperationBatch batch, int operations)
    {
        Interlocked.CompareExchange(ref _open, null, batch);
        if (capacity > 0)
        {
            Interlocked.Add(ref _waiting, -operations);
        }
    }

    /// <summary>The batch never reached the shard (it stopped with the batch queued): none of it was applied.</summary>
    public void Undelivered(OperationBatch batch) =>
        Fail(batch, new StoreUnavailableException($"Shard {Shard} stopped before it could take the request, which was not applied; retry."));

    private void Refused(OperationBatch batch, MailboxFullException full) => Fail(batch, new StoreOverloadedException(Shard, full));

    private void Fail(OperationBatch batch, Exception error)
    {
        foreach (var operation in batch.Seal())
        {
            operation.Completion.TrySetException(error);
        }
    }
}
