using Microsoft.Extensions.Hosting;
using Actors.Store.Hosting;

namespace Actors.Store.OwnRuntime;


/// <summary>
/// Starts the store with the host and, when the host stops, terminates the actor system — which runs its coordinated
/// shutdown: refuse new requests, flush the journal, stop the actors, close the journal. Registered first, it stops
/// last, after the web server has stopped accepting and finished its requests.
/// </summary>
internal sealed class OwnRuntimeStoreHostedService(ActorSystem system, ActorStateStore store, ActorStoreHostingOptions options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.WaitForRecovery)
        {
            await store.WhenReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => system.Terminate("the host is stopping").WaitAsync(cancellationToken);
}
