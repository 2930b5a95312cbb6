namespace Actors.Store.Routing;

/// <summary>
/// Requests waiting for a shard whose route is being settled (a hand-off, a failover, a start). Bounded: beyond
/// <c>capacity</c> a request is refused at once with a retry hint rather than queued without limit, and never dropped.
/// Released in arrival order when the new route is known.
/// </summary>
internal sealed class ShardBuffer(int shard, int capacity)
{
    private readonly Queue<TaskCompletionSource<ShardRoute>> _waiting = new();
    private readonly Lock _gate = new();
    private ShardRoute? _settled;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Waits for the route that replaces the pending one.</summary>
    /// <exception cref="StoreUnavailableException">The buffer is full.</exception>
    public Task<ShardRoute> WaitAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_settled is not null)
            {
                return Task.FromResult(_settled);
            }

            if (_waiting.Count >= capacity)
            {
                throw new StoreUnavailableException(
                    $"Shard {shard} is moving and {capacity} requests already wait for it; retry shortly.");
            }

            // Continuations run inline when settled (see Settle), which is what keeps the arrival order.
            var waiter = new TaskCompletionSource<ShardRoute>();
            _waiting.Enqueue(waiter);
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Releases every waiter, in arrival order, onto <paramref name="route"/>.</summary>
    public void Settle(ShardRoute route)
    {
        TaskCompletionSource<ShardRoute>[] released;
        lock (_gate)
        {
            _settled = route;
            released = [.. _waiting];
            _waiting.Clear();
        }

        // One after the other on this thread, outside the lock: each waiter's continuation runs inline up to its first
        // real wait (the shard's mailbox, or the transport), so the requests reach the route in the order they arrived.
        // Completed asynchronously instead, they would start in whatever order the thread pool picks — in practice the
        // reverse one, as its per-thread queues are last in, first out.
        foreach (var waiter in released)
        {
            waiter.TrySetResult(route);
        }
    }
}
