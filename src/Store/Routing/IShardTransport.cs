using Actors.Store.OwnRuntime;
namespace Actors.Store.Routing;

using ActorStateStore = Actors.Store.OwnRuntime.ActorStateStore;

/// <summary>
/// Carries a shard request to the node that owns the shard and brings its reply back. The store routes every request
/// by shard; requests for shards that live elsewhere go through this (the host implements it over HTTP).
/// </summary>
public interface IShardTransport
{
    /// <summary>
    /// Sends an encoded shard request for <paramref name="shard"/> to <paramref name="owner"/> and returns the encoded reply
    /// (which may carry an error). The owner passes the bytes to <see cref="ActorStateStore.ServeForwardedAsync"/>.
    /// </summary>
    /// <exception cref="ShardNotDeliveredException">No connection to the owner could be made, so the request was never
    /// sent: the store looks for a newer shard map and resends it (bounded by the request timeout).</exception>
    /// <exception cref="StoreException">The owner was reached but gave no usable answer; the outcome is unknown.</exception>
    Task<ReadOnlyMemory<byte>> SendAsync(ShardOwner owner, int shard, ReadOnlyMemory<byte> request, CancellationToken cancellationToken);
}

/// <summary>Where a shard lives: a node's name and the URL its peers reach it at, and the epoch of its ownership.</summary>
public sealed record ShardOwner(string Node, string Url, long Epoch);

/// <summary>The node asked does not (or no longer) own the shard; the caller's map is out of date.</summary>
public sealed class ShardNotOwnedException(int shard, string node, string? knownOwner)
    : StoreException($"Node '{node}' does not own shard {shard}{(knownOwner is null ? string.Empty : $"; its view says '{knownOwner}' does")}. Refresh the shard map and retry.")
{
    /// <summary>The shard.</summary>
    public int Shard { get; } = shard;

    /// <summary>The owner the refusing node believes in, if any.</summary>
    public string? KnownOwner { get; } = knownOwner;
}

/// <summary>
/// The owner could not be connected to, so the request was never sent and may safely be sent again — typically the owner
/// has just left (or died) and this node's shard map has not caught up yet.
/// </summary>
public sealed class ShardNotDeliveredException(int shard, ShardOwner owner, Exception inner)
    : StoreException($"Shard {shard}'s owner {owner.Node} ({owner.Url}) could not be reached ({inner.Message}); the request was not sent. Retry shortly — if the owner is down, its shards move after the cluster's failure timeout.", inner)
{
    /// <summary>The shard.</summary>
    public int Shard { get; } = shard;

    /// <summary>The owner that could not be reached.</summary>
    public ShardOwner Owner { get; } = owner;
}
