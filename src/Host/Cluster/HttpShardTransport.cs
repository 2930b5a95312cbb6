using System.Net;
using System.Net.Http.Headers;
using Actors.Store;
using Actors.Store.Routing;

namespace Actors.Host.Cluster;

/// <summary>
/// Forwards shard requests to their owner over HTTP: one pooled keep-alive client per process, a compact binary body
/// (the store's shard protocol), and the owner's answer — a reply or an encoded error — back as bytes. An owner that
/// cannot be reached is reported as unavailable so that the caller gets a 503 with a retry hint, never a hang.
/// </summary>
public sealed class HttpShardTransport : IShardTransport, IDisposable
{
    /// <summary>The internal endpoint's path.</summary>
    public const string PathPrefix = "/internal/v1/shards/";

    /// <summary>The media type of shard protocol bodies.</summary>
    public const string MediaType = "application/x-actors-shard";

    private readonly HttpClient _client;
    private readonly string? _bearerToken;

    /// <param name="requestTimeout">How long one forwarded request may take.</param>
    /// <param name="bearerToken">The cluster's token, sent to peers (all nodes share the host's token).</param>
    public HttpShardTransport(TimeSpan requestTimeout, string? bearerToken)
    {
        _client = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 64,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            UseProxy = false,
        })
        {
            Timeout = requestTimeout,
        };
        _bearerToken = string.IsNullOrEmpty(bearerToken) ? null : bearerToken;
    }

    /// <inheritdoc />
    public async Task<ReadOnlyMemory<byte>> SendAsync(ShardOwner owner, int shard, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{owner.Url.TrimEnd('/')}{PathPrefix}{shard}")
        {
            Content = new ReadOnlyMemoryContent(request) { Headers = { ContentType = new MediaTypeHeaderValue(MediaType) } },
        };
        message.Headers.Add("X-Shard-Epoch", owner.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_bearerToken is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _bearerToken);
        }

        try
        {
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new StoreUnavailableException(
                    $"Shard {shard}'s owner {owner.Node} ({owner.Url}) answered {(int)response.StatusCode} {response.ReasonPhrase} to a forwarded request.");
            }

            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException refused) when (refused.HttpRequestError == HttpRequestError.ConnectionError)
        {
            // No connection, so nothing was sent: the store may resend once its map points somewhere that answers.
            throw new ShardNotDeliveredException(shard, owner, refused);
        }
        catch (HttpRequestException unreachable)
        {
            throw new ShardOwnerUnreachableException(shard, owner, unreachable);
        }
        catch (TaskCanceledException timeout) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ShardOwnerUnreachableException(shard, owner, timeout);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}

/// <summary>The owner of a shard did not answer a forwarded request; the shard is unavailable until the map says otherwise.</summary>
public sealed class ShardOwnerUnreachableException(int shard, ShardOwner owner, Exception inner)
    : StoreException($"Shard {shard}'s owner {owner.Node} ({owner.Url}) could not be reached ({inner.Message}); retry shortly — if it is down, its shards move after the failure timeout.", inner)
{
    /// <summary>The shard.</summary>
    public int Shard { get; } = shard;
}
