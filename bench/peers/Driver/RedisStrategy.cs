using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Actors.Store.Strategies;
using StackExchange.Redis;

namespace Actors.Bench.Peers;

/// <summary>
/// A RESP server (Redis, Garnet, or serve's RESP listener) as a lab strategy, through StackExchange.Redis with one
/// shared multiplexer (how applications use it: concurrent callers' commands are pipelined on one connection).
/// Redis has no versions. Writes report a number that rises per key in the order this client saw the
/// acknowledgements, and reads report "unknown, as new as any" (<see cref="long.MaxValue"/>): the content verifier
/// then checks that every acknowledged key is present and holds its own key's stamp, and that counters sum to their
/// acknowledged increments, but cannot tell which of two racing writes should have won. Compare-and-set is not
/// offered (the peer workload has none); the linearizability leg checks ordering instead.
/// </summary>
internal sealed class RedisStrategy(ConnectionMultiplexer redis, string keyPrefix) : IKeyValueStrategy
{
    private readonly IDatabase _db = redis.GetDatabase();
    private readonly ConcurrentDictionary<Task, byte> _posted = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _acknowledged = new(StringComparer.Ordinal);

    public string Name => "redis";

    public async ValueTask<ReadResult> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var value = await _db.StringGetAsync(keyPrefix + key).ConfigureAwait(false);
        return value.IsNull ? ReadResult.Missing : ReadResult.Of((byte[])value!, long.MaxValue);
    }

    public async ValueTask<long> SetAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        await _db.StringSetAsync(keyPrefix + key, value).ConfigureAwait(false);
        return Interlocked.Increment(ref _acknowledged.GetOrAdd(key, _ => new StrongBox<long>()).Value);
    }

    public async ValueTask<CounterResult> IncrementAsync(string key, long delta, CancellationToken cancellationToken = default) =>
        new(await _db.StringIncrementAsync(keyPrefix + key, delta).ConfigureAwait(false), 0);

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        await _db.KeyDeleteAsync(keyPrefix + key).ConfigureAwait(false);

    public ValueTask<CasResult> CompareAndSetAsync(string key, long expectedVersion, byte[] value, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Redis has no versions: the peer workload runs without compare-and-set.");

    public async ValueTask<IReadOnlyList<KeyValueEntry>> ScanAsync(string prefix, int limit, CancellationToken cancellationToken = default)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var entries = new List<KeyValueEntry>();
        await foreach (var key in server.KeysAsync(pattern: keyPrefix + prefix + "*", pageSize: 1000).ConfigureAwait(false))
        {
            var value = await _db.StringGetAsync(key).ConfigureAwait(false);
            if (!value.IsNull)
            {
                entries.Add(new KeyValueEntry(((string)key!)[keyPrefix.Length..], (byte[])value!, 0));
            }

            if (entries.Count >= limit)
            {
                break;
            }
        }

        return entries;
    }

    public async ValueTask<long> CountAsync(CancellationToken cancellationToken = default) =>
        (await ScanAsync(string.Empty, int.MaxValue, cancellationToken).ConfigureAwait(false)).Count;

    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        foreach (var entry in await ScanAsync(string.Empty, int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            await _db.KeyDeleteAsync(keyPrefix + entry.Key).ConfigureAwait(false);
        }
    }

    public void PostSet(string key, byte[] value)
    {
        var posted = _db.StringSetAsync(keyPrefix + key, value);
        _posted.TryAdd(posted, 0);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var pending = _posted.Keys.ToArray();
        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var task in pending)
        {
            _posted.TryRemove(task, out _);
        }
    }

    // The multiplexer belongs to the caller, which runs several legs over it.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
