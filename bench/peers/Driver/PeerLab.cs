using Actors.Store.Load;
using Actors.Store.Strategies;
using StackExchange.Redis;

namespace Actors.Bench.Peers;

/// <summary>
/// The lab's load generator against one RESP server through StackExchange.Redis: 60% GET, 30% SET, 10% INCR over
/// 10,000 keys, closed loop, with the lab's latency histograms and its content verifier (values carry their key's
/// stamp, counters sum to their acknowledged increments).
/// </summary>
internal static class PeerLab
{
    public static OperationMix Mix { get; } = new(60, 30, 10, 0, 0);

    public static async Task<StrategyResult> RunAsync(string endpoint, string system, KeyDistribution distribution, int workers, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var redis = await Connections.ConnectAsync(endpoint).ConfigureAwait(false);
        var registry = new StrategyRegistry();
        var prefix = $"peers:{Guid.NewGuid():N}:";
        registry.Register("redis", $"{system} through StackExchange.Redis", (_, _) => ValueTask.FromResult<IKeyValueStrategy>(new RedisStrategy(redis, prefix)));
        var options = new BenchOptions
        {
            Workload = new WorkloadOptions
            {
                Mix = Mix,
                Distribution = distribution,
                ZipfSkew = 0.99,
                Concurrency = workers,
                Duration = duration,
                KeyCount = 10_000,
            },
            WorkloadName = "peers",
            Strategies = ["redis"],
            MeasureOverhead = false,

            // Prefilling 10,000 keys one acknowledged write at a time takes a while when every write is fsynced.
            HangTimeout = TimeSpan.FromMinutes(3),
        };
        var report = await LabBench.RunAsync(options, registry, cancellationToken: cancellationToken).ConfigureAwait(false);
        var result = report.Results.Single();
        return result with
        {
            Strategy = $"{system} · lab {distribution.ToString().ToLowerInvariant()}",
            Description = $"lab load generator, StackExchange.Redis, {workers} workers, {Mix}",
        };
    }
}
