using Microsoft.Extensions.Hosting;

namespace Actors.Store.Hosting;

/// <summary>
/// Starts with the host after the actor system (Akka.Hosting's service) and, when asked to, holds the host's start
/// until every shard has recovered. Stopping is the actor system's: its coordinated shutdown refuses new requests,
/// flushes the store and stops the shards, after the web server has finished its requests.
/// </summary>
internal sealed class ActorStoreHostedService(IManagedStateStore store, ActorStoreHostingOptions options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.WaitForRecovery)
        {
            await store.WhenReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
