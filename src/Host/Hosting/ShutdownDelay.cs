using Microsoft.Extensions.Hosting;

namespace Actors.Host.Hosting;

/// <summary>
/// <c>host.shutdown-delay</c>: between the stop signal and the web server's stop, readiness already answers 503 while
/// the server goes on serving, so that a load balancer polling <c>/health/ready</c> moves traffic away before any
/// connection is refused. Runs in the host's "stopping" step, which comes before every service's stop.
/// </summary>
internal sealed class ShutdownDelay(TimeSpan delay, LifecycleLog log) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        log.Write($"delaying: readiness is 503; still serving for {delay.TotalSeconds:0.###} s (host.shutdown-delay) before refusing new connections");
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out: stop now.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
