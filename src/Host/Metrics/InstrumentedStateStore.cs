using System.Diagnostics;
using Actors.Host.Telemetry;
using Actors.Store;

namespace Actors.Host.Metrics;

/// <summary>
/// The store as the HTTP API sees it: every call is passed on unchanged, counted and timed by operation and outcome
/// (<see cref="HostMetrics"/>) and, when tracing is on, wrapped in an activity of <see cref="StoreActivities"/>.
/// Failures are recorded in an exception filter, so the exception propagates with its original stack.
/// </summary>
internal sealed class InstrumentedStateStore(IManagedStateStore inner, HostMetrics metrics) : IStateStore
{
    public async ValueTask<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var scope = Begin("get", key);
        try
        {
            var entry = await inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
            scope.End(entry is null ? StoreOutcomes.NotFound : StoreOutcomes.Ok);
            return entry;
        }
        catch (Exception exception) when (scope.Failed(exception))
        {
            throw;
        }
    }

    public async ValueTask<WriteResult> SetAsync(string key, ReadOnlyMemory<byte> value, SetOptions? options = null, CancellationToken cancellationToken = default)
    {
        var scope = Begin("set", key);
        try
        {
            var result = await inner.SetAsync(key, value, options, cancellationToken).ConfigureAwait(false);
            scope.End(result.Applied ? StoreOutcomes.Ok : StoreOutcomes.VersionMismatch);
            return result;
        }
        catch (Exception exception) when (scope.Failed(exception))
        {
            throw;
        }
    }

    public async ValueTask<DeleteResult> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var scope = Begin("delete", key);
        try
        {
            var result = await inner.DeleteAsync(key, expectedVersion, cancellationToken).ConfigureAwait(false);
            scope.End(result.Deleted ? StoreOutcomes.Ok : result.Existed ? StoreOutcomes.VersionMismatch : StoreOutcomes.NotFound);
            return result;
        }
        catch (Exception exception) when (scope.Failed(exception))
        {
            throw;
        }
    }

    public ValueTask<IncrementResult> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default) =>
        Measure(Begin("increment", key), () => inner.IncrementAsync(key, by, cancellationToken));

    public ValueTask<IReadOnlyList<StoreEntry?>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        Measure(Begin("get_many", null), () => inner.GetManyAsync(keys, cancellationToken));

    public ValueTask<IReadOnlyList<WriteResult>> SetManyAsync(IReadOnlyList<KeyValuePair<string, ReadOnlyMemory<byte>>> items, CancellationToken cancellationToken = default) =>
        Measure(Begin("set_many", null), () => inner.SetManyAsync(items, cancellationToken));

    public async ValueTask<BatchResult> BatchAsync(IReadOnlyList<BatchOperation> operations, CancellationToken cancellationToken = default)
    {
        // Every key of an atomic batch is in one shard: the first names it.
        var scope = Begin("batch", operations.Count > 0 ? operations[0].Key : null);
        try
        {
            var result = await inner.BatchAsync(operations, cancellationToken).ConfigureAwait(false);
            scope.End(result.Applied ? StoreOutcomes.Ok : StoreOutcomes.VersionMismatch);
            return result;
        }
        catch (Exception exception) when (scope.Failed(exception))
        {
            throw;
        }
    }

    public ValueTask<ScanPage> ScanAsync(string prefix, int limit, string? cursor = null, bool includeValues = false, CancellationToken cancellationToken = default) =>
        Measure(Begin("scan", null), () => inner.ScanAsync(prefix, limit, cursor, includeValues, cancellationToken));

    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) =>
        Measure(Begin("count", null), () => inner.CountAsync(cancellationToken));

    public ValueTask<StoreStats> StatsAsync(CancellationToken cancellationToken = default) =>
        Measure(Begin("stats", null), () => inner.StatsAsync(cancellationToken));

    public async ValueTask PostSetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        await Measure(Begin("post_set", key), async () =>
        {
            await inner.PostSetAsync(key, value, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    public async ValueTask PostIncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default) =>
        await Measure(Begin("post_increment", key), async () =>
        {
            await inner.PostIncrementAsync(key, by, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default) =>
        await Measure(Begin("flush", null), async () =>
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    private static async ValueTask<T> Measure<T>(OperationScope scope, Func<ValueTask<T>> call)
    {
        try
        {
            var result = await call().ConfigureAwait(false);
            scope.End(StoreOutcomes.Ok);
            return result;
        }
        catch (Exception exception) when (scope.Failed(exception))
        {
            throw;
        }
    }

    private OperationScope Begin(string operation, string? key) =>
        new(metrics, operation, Stopwatch.GetTimestamp(), StoreActivities.Start(operation, key is null || !StoreActivities.Source.HasListeners() ? null : ShardOf(key)));

    // A key the store would refuse has no shard; the call itself then fails with the store's own error.
    private int? ShardOf(string key)
    {
        try
        {
            return inner.ShardOf(key);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (StoreException)
        {
            return null;
        }
    }

    private readonly record struct OperationScope(HostMetrics Metrics, string Operation, long Start, Activity? Activity)
    {
        public void End(string outcome)
        {
            Metrics.StoreOperation(Operation, outcome, Start);
            StoreActivities.Stop(Activity, outcome, null);
        }

        public bool Failed(Exception exception)
        {
            var outcome = StoreOutcomes.Of(exception);
            Metrics.StoreOperation(Operation, outcome, Start);
            StoreActivities.Stop(Activity, outcome, exception);
            return false;
        }
    }
}
