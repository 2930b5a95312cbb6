using Actors.Store;

namespace Actors.Host.Metrics;

/// <summary>
/// The store as the HTTP API sees it: every call is passed on unchanged and counted by operation and outcome
/// (<see cref="HostMetrics"/>; its latency is the HTTP request's). Failures are recorded in an exception filter, so the exception propagates
/// with its original stack.
/// </summary>
internal sealed class MeteredStateStore(IStateStore inner, HostMetrics metrics) : IStateStore
{
    public async ValueTask<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var entry = await inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation("get", entry is null ? StoreOutcomes.NotFound : StoreOutcomes.Ok);
            return entry;
        }
        catch (Exception exception) when (Failed("get", exception))
        {
            throw;
        }
    }

    public async ValueTask<WriteResult> SetAsync(string key, ReadOnlyMemory<byte> value, SetOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await inner.SetAsync(key, value, options, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation("set", result.Applied ? StoreOutcomes.Ok : StoreOutcomes.VersionMismatch);
            return result;
        }
        catch (Exception exception) when (Failed("set", exception))
        {
            throw;
        }
    }

    public async ValueTask<DeleteResult> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await inner.DeleteAsync(key, expectedVersion, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation("delete", result.Deleted ? StoreOutcomes.Ok : result.Existed ? StoreOutcomes.VersionMismatch : StoreOutcomes.NotFound);
            return result;
        }
        catch (Exception exception) when (Failed("delete", exception))
        {
            throw;
        }
    }

    public ValueTask<IncrementResult> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default) =>
        Measure("increment", () => inner.IncrementAsync(key, by, cancellationToken));

    public ValueTask<IReadOnlyList<StoreEntry?>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        Measure("get_many", () => inner.GetManyAsync(keys, cancellationToken));

    public ValueTask<IReadOnlyList<WriteResult>> SetManyAsync(IReadOnlyList<KeyValuePair<string, ReadOnlyMemory<byte>>> items, CancellationToken cancellationToken = default) =>
        Measure("set_many", () => inner.SetManyAsync(items, cancellationToken));

    public async ValueTask<BatchResult> BatchAsync(IReadOnlyList<BatchOperation> operations, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await inner.BatchAsync(operations, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation("batch", result.Applied ? StoreOutcomes.Ok : StoreOutcomes.VersionMismatch);
            return result;
        }
        catch (Exception exception) when (Failed("batch", exception))
        {
            throw;
        }
    }

    public ValueTask<ScanPage> ScanAsync(string prefix, int limit, string? cursor = null, bool includeValues = false, CancellationToken cancellationToken = default) =>
        Measure("scan", () => inner.ScanAsync(prefix, limit, cursor, includeValues, cancellationToken));

    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) =>
        Measure("count", () => inner.CountAsync(cancellationToken));

    public ValueTask<StoreStats> StatsAsync(CancellationToken cancellationToken = default) =>
        Measure("stats", () => inner.StatsAsync(cancellationToken));

    public async ValueTask PostSetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        await Measure("post_set", async () =>
        {
            await inner.PostSetAsync(key, value, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    public async ValueTask PostIncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default) =>
        await Measure("post_increment", async () =>
        {
            await inner.PostIncrementAsync(key, by, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default) =>
        await Measure("flush", async () =>
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    private async ValueTask<T> Measure<T>(string operation, Func<ValueTask<T>> call)
    {
        try
        {
            var result = await call().ConfigureAwait(false);
            metrics.StoreOperation(operation, StoreOutcomes.Ok);
            return result;
        }
        catch (Exception exception) when (Failed(operation, exception))
        {
            throw;
        }
    }

    private bool Failed(string operation, Exception exception)
    {
        metrics.StoreOperation(operation, StoreOutcomes.Of(exception));
        return false;
    }
}
