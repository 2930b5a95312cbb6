using System.Diagnostics;
using Actors.Store;

namespace Actors.Host.Metrics;

/// <summary>
/// The store as the HTTP API sees it: every call is passed on unchanged and counted by operation and outcome, with its
/// duration (<see cref="HostMetrics"/>). Failures are recorded in an exception filter, so the exception propagates
/// with its original stack.
/// </summary>
internal sealed class MeteredStateStore(IStateStore inner, HostMetrics metrics) : IStateStore
{
    public async ValueTask<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var entry = await inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation("get", entry is null ? StoreOutcomes.NotFound : StoreOutcomes.Ok, start);
            return entry;
        }
        catch (Exception exception) when (Failed("get", exception, start))
        {
            throw;
        }
    }

    public async ValueTask<WriteResult> SetAsync(string key, ReadOnlyMemory<byte> value, SetOptions? options = null, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var result = await inner.SetAsync(key, value, options, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation("set", result.Applied ? StoreOutcomes.Ok : StoreOutcomes.VersionMismatch, start);
            return result;
        }
        catch (Exception exception) when (Failed("set", exception, start))
        {
            throw;
        }
    }

    public async ValueTask<DeleteResult> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var result = await inner.DeleteAsync(key, expectedVersion, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation("delete", result.Deleted ? StoreOutcomes.Ok : result.Existed ? StoreOutcomes.VersionMismatch : StoreOutcomes.NotFound, start);
            return result;
        }
        catch (Exception exception) when (Failed("delete", exception, start))
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
        var start = Stopwatch.GetTimestamp();
        try
        {
            var result = await inner.BatchAsync(operations, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation("batch", result.Applied ? StoreOutcomes.Ok : StoreOutcomes.VersionMismatch, start);
            return result;
        }
        catch (Exception exception) when (Failed("batch", exception, start))
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
        var start = Stopwatch.GetTimestamp();
        try
        {
            var result = await call().ConfigureAwait(false);
            metrics.StoreOperation(operation, StoreOutcomes.Ok, start);
            return result;
        }
        catch (Exception exception) when (Failed(operation, exception, start))
        {
            throw;
        }
    }

    private bool Failed(string operation, Exception exception, long start)
    {
        metrics.StoreOperation(operation, StoreOutcomes.Of(exception), start);
        return false;
    }
}
