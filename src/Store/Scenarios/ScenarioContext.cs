using System.Collections.Concurrent;
using Actors.Store.Load;
using Actors.Store.Strategies;

namespace Actors.Store.Scenarios;

/// <summary>
/// What a scenario round works through. Every operation goes through these wrappers, which never throw: they
/// count guard trips (exceptions by type and message) and rejections, and record what the map acknowledged —
/// the expectations that verification checks afterwards. A scenario states what must be present, absent or
/// counted; it never decides the verdict itself.
/// </summary>
public sealed class ScenarioContext
{
    private readonly Func<CancellationToken, ValueTask<IKeyValueStrategy>> _createMap;
    private readonly Lock _gate = new();
    private readonly ExceptionTally _exceptions = new();
    private readonly ConcurrentBag<IKeyValueStrategy> _maps = [];
    private readonly ConcurrentBag<Task> _tracked = [];
    private readonly ConcurrentDictionary<(IKeyValueStrategy Map, string Key), byte[]> _present = new();
    private readonly ConcurrentDictionary<(IKeyValueStrategy Map, string Key), byte> _absent = new();
    private readonly ConcurrentDictionary<(IKeyValueStrategy Map, string Key), StrongBox> _counters = new();
    private long _rejected;
    private long _missedReads;
    private long _acknowledgedWrites;
    private long _acknowledgedIncrements;

    internal ScenarioContext(IKeyValueStrategy map, Func<CancellationToken, ValueTask<IKeyValueStrategy>> createMap, int workers, int size, int round, CancellationToken cancellationToken)
    {
        Map = map;
        _createMap = createMap;
        _maps.Add(map);
        Workers = workers;
        Size = size;
        Round = round;
        CancellationToken = cancellationToken;
    }

    /// <summary>The map under test: a fresh instance of the strategy for this round.</summary>
    public IKeyValueStrategy Map { get; }

    /// <summary>How many concurrent parties a scenario should use.</summary>
    public int Workers { get; }

    /// <summary>How many operations each party should perform.</summary>
    public int Size { get; }

    public int Round { get; }

    public CancellationToken CancellationToken { get; }

    internal IReadOnlyCollection<IKeyValueStrategy> Maps => _maps;

    internal long Rejected => Interlocked.Read(ref _rejected);

    internal long MissedReads => Interlocked.Read(ref _missedReads);

    internal long AcknowledgedWrites => Interlocked.Read(ref _acknowledgedWrites);

    internal long AcknowledgedIncrements => Interlocked.Read(ref _acknowledgedIncrements);

    /// <summary>Another map of the same strategy (for scenarios whose values are maps); the runner disposes it.</summary>
    public async ValueTask<IKeyValueStrategy> CreateMapAsync()
    {
        var map = await _createMap(CancellationToken).ConfigureAwait(false);
        _maps.Add(map);
        return map;
    }

    /// <summary>Sets a key; when acknowledged (and <paramref name="expect"/>), the key must hold this value at the end.</summary>
    public async Task<bool> SetAsync(string key, byte[] value, IKeyValueStrategy? map = null, bool expect = true)
    {
        map ??= Map;
        try
        {
            await map.SetAsync(key, value, CancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _acknowledgedWrites);
            if (expect)
            {
                _present[(map, key)] = value;
            }

            return true;
        }
        catch (Exception error) when (Observe(error))
        {
            return false;
        }
    }

    /// <summary>Increments a counter; acknowledged increments must all be in its final value.</summary>
    public async Task<bool> IncrementAsync(string key, long delta = 1, IKeyValueStrategy? map = null)
    {
        map ??= Map;
        try
        {
            await map.IncrementAsync(key, delta, CancellationToken).ConfigureAwait(false);

            // In the counters' unit, so that with nothing lost the counters sum to exactly this.
            Interlocked.Add(ref _acknowledgedIncrements, delta);
            Interlocked.Add(ref _counters.GetOrAdd((map, key), _ => new StrongBox()).Value, delta);
            return true;
        }
        catch (Exception error) when (Observe(error))
        {
            return false;
        }
    }

    /// <summary>Reads a key; null when the read threw.</summary>
    public async Task<ReadResult?> GetAsync(string key, IKeyValueStrategy? map = null)
    {
        try
        {
            return await (map ?? Map).GetAsync(key, CancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (Observe(error))
        {
            return null;
        }
    }

    /// <summary>Deletes a key; when acknowledged (and <paramref name="expectAbsent"/>), it must be absent at the end.</summary>
    public async Task<bool> DeleteAsync(string key, IKeyValueStrategy? map = null, bool expectAbsent = true)
    {
        map ??= Map;
        try
        {
            await map.DeleteAsync(key, CancellationToken).ConfigureAwait(false);
            if (expectAbsent)
            {
                _absent[(map, key)] = 0;
            }

            return true;
        }
        catch (Exception error) when (Observe(error))
        {
            return false;
        }
    }

    /// <summary>Scans; the number of entries, or null when the scan threw.</summary>
    public async Task<int?> ScanAsync(string prefix, int limit = int.MaxValue, IKeyValueStrategy? map = null)
    {
        try
        {
            return (await (map ?? Map).ScanAsync(prefix, limit, CancellationToken).ConfigureAwait(false)).Count;
        }
        catch (Exception error) when (Observe(error))
        {
            return null;
        }
    }

    public async Task<bool> ClearAsync(IKeyValueStrategy? map = null)
    {
        try
        {
            await (map ?? Map).ClearAsync(CancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception error) when (Observe(error))
        {
            return false;
        }
    }

    /// <summary>A read that had to find its key did not: counted as lost data.</summary>
    public void MissedRead() => Interlocked.Increment(ref _missedReads);

    /// <summary>
    /// Work that outlives the code that started it (a fire-and-forget task, a callback's write): the runner waits
    /// for it before verifying, as a careful test would.
    /// </summary>
    public void Track(Task task) => _tracked.Add(task);

    /// <summary>
    /// Runs <paramref name="count"/> bodies on threads of their own, released together so that they really overlap
    /// (tasks started one by one on two cores often run one after another).
    /// </summary>
    public Task RunConcurrentlyAsync(int count, Func<int, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var ready = new CountdownEvent(count);
        var go = new ManualResetEventSlim();
        var parties = Enumerable.Range(0, count).Select(i => Task.Factory.StartNew(
            () =>
            {
                ready.Signal();
                go.Wait(CancellationToken);
                return body(i);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()).ToArray();
        ready.Wait(CancellationToken);
        go.Set();
        return Task.WhenAll(parties).ContinueWith(
            t =>
            {
                ready.Dispose();
                go.Dispose();
                return t;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
    }

    internal async Task DrainTrackedAsync()
    {
        while (_tracked.TryTake(out var task))
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception error) when (Observe(error))
            {
            }
        }
    }

    internal IEnumerable<(IKeyValueStrategy Map, string Key, byte[] Value)> ExpectedPresent() =>
        _present.Select(p => (p.Key.Map, p.Key.Key, p.Value));

    internal IEnumerable<(IKeyValueStrategy Map, string Key)> ExpectedAbsent() =>
        _absent.Keys.Where(k => !_present.ContainsKey(k));

    internal IEnumerable<(IKeyValueStrategy Map, string Key, long Sum)> ExpectedCounters() =>
        _counters.Select(c => (c.Key.Map, c.Key.Key, Interlocked.Read(ref c.Value.Value)));

    internal ExceptionTally Exceptions
    {
        get
        {
            lock (_gate)
            {
                var copy = new ExceptionTally();
                copy.Add(_exceptions);
                return copy;
            }
        }
    }

    private bool Observe(Exception error)
    {
        if (error is OperationCanceledException && CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (error is OperationRejectedException)
        {
            Interlocked.Increment(ref _rejected);
            return true;
        }

        lock (_gate)
        {
            _exceptions.Record(error);
        }

        return true;
    }

    private sealed class StrongBox
    {
        public long Value;
    }
}
