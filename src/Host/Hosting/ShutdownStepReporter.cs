namespace Actors.Host.Hosting;

/// <summary>
/// A hosted service that does nothing but report, when it is stopped, that the services stopped before it are done.
/// The host stops services in reverse order of registration, so one registered between the store and the web server
/// reports that HTTP requests are finished, and one registered before the store reports that the store has flushed.
/// </summary>
internal sealed class ShutdownStepReporter(LifecycleLog log, Func<string> describe) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        log.Write(describe());
        return Task.CompletedTask;
    }
}
