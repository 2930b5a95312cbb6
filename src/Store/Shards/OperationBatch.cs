using Actors.Store.Client;
using Actors.Store.Protocol;

namespace Actors.Store.Shards;

/// <summary>
/// Operations of several concurrent callers for one shard, in one message: the store's client gathers the calls that
/// arrive while the shard has not yet taken the previous batch, and the shard answers each through its completion
/// once the batch is durable — no <c>Ask</c> (and no temporary actor) per operation.
/// </summary>
internal sealed class OperationBatch
{
    private readonly Lock _gate = new();
    private readonly List<Operation> _operations = new(4);
    private bool _sealed;

    public OperationBatch(Operation first, ShardLane lane)
    {
        _operations.Add(first);
        Lane = lane;
    }

    /// <summary>The lane the batch came from.</summary>
    public ShardLane Lane { get; }

    /// <summary>Adds an operation unless the shard has already taken (or the mailbox refused) the batch.</summary>
    public bool TryAdd(Operation operation)
    {
        lock (_gate)
        {
            if (_sealed)
            {
                return false;
            }

            _operations.Add(operation);
            return true;
        }
    }

    /// <summary>
    /// Closes the batch to further additions, frees the lane for the next batch, and returns the operations (the shard,
    /// or a refusal, does this; only the first caller gets them).
    /// </summary>
    public List<Operation> Seal()
    {
        List<Operation> operations;
        lock (_gate)
        {
            if (_sealed)
            {
                return [];
            }

            _sealed = true;
            operations = _operations;
        }

        Lane.Taken(this, operations.Count);
        return operations;
    }

    /// <summary>One caller's operation and where its answer goes.</summary>
    internal readonly record struct Operation(IStoreCommand Command, TaskCompletionSource<object?> Completion);
}
