using System.Globalization;
using Actors.Store.Protocol;
using Actors.Store.Sharding;

namespace Actors.Store.Shards;

/// <summary>
/// Which shard a store command is for: a keyed command's key decides (<see cref="StableHash.ShardOf"/>, with hash
/// tags), a shard-scoped one names its shard. One store shard is one entity, whose id is its number, in an Akka
/// shard of the same number: the shape of <c>Akka.Cluster.Sharding</c>'s <c>IMessageExtractor</c>, so that a
/// <c>ShardRegion</c> can take this extractor as it is and move store shards one by one.
/// </summary>
internal sealed class StoreMessageExtractor(int shards)
{
    public static int ShardOf(IStoreCommand command, int shards) => command switch
    {
        IShardScopedCommand scoped => scoped.Shard >= 0 && scoped.Shard < shards
            ? scoped.Shard
            : throw new ArgumentOutOfRangeException(nameof(command), scoped.Shard, $"There are {shards} shards (0 to {shards - 1})."),
        IKeyedCommand keyed => StableHash.ShardOf(keyed.Key, shards),
        _ => throw new ArgumentException($"{command.GetType().Name} names no key and no shard.", nameof(command)),
    };

    public string? EntityId(object message) => message is IStoreCommand command ? ShardOf(command, shards).ToString(CultureInfo.InvariantCulture) : null;

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => EntityId(message);

    public string ShardId(string entityId, object? messageHint = null) => entityId;
}
