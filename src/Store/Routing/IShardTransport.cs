namespace Actors.Store.Routing;

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
    /// <exception cref="HttpRequestException">The owner could not be reached (the caller treats the shard as unavailable).</exception>
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
