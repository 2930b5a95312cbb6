using Actors.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Actors.Host.Http;

/// <summary>
/// Ready when every shard has recovered and the host is not stopping: a load balancer should send traffic only then.
/// Starting, failed and stopping are unhealthy, each with the reason.
/// </summary>
internal sealed class StoreReadinessCheck(IManagedStateStore store, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("The host is shutting down.")
            : store.Status switch
            {
                StoreStatus.Ready => HealthCheckResult.Healthy($"All {store.Settings.Shards} shards recovered; durability {store.Settings.DurabilityName}."),
                StoreStatus.Starting => HealthCheckResult.Unhealthy("The store is starting: its shards are recovering their data."),
                StoreStatus.Failed => HealthCheckResult.Unhealthy($"The store failed to start: {store.StartError?.Message}"),
                _ => HealthCheckResult.Unhealthy("The store is shutting down."),
            });
}
