using System.Diagnostics;
using Actors.Store.Strategies;

namespace Actors.Store.Load;

/// <summary>
/// One client of the workload: replays its <see cref="OperationScript"/> against a strategy, closed or open
/// loop, recording latencies, outcomes and acknowledgements. Every exception an operation throws is caught and
/// counted — the unsynchronised baseline throws by design, and the lab must outlive it.
/// </summary>
internal sealed class LoadWorker
{
    private readonly int _id;
    private readonly IKeyValueStrategy _strategy;
    private readonly WorkloadOptions _options;
    private readonly KeySpace _keys;
    private readonly OperationScript _script;
    private readonly RunControl _control;
    private readonly List<int> _unflushed = [];
    private long _completed;
    private long _sequence;

    public LoadWorker(int id, IKeyValueStrategy strategy, WorkloadOptions options, KeySpace keys, OperationScript script, RunControl control)
    {
        _id = id;
        _strategy = strategy;
        _options = options;
        _keys = keys;
        _script = script;
        _control = control;
        Ledger = new AckLedger(keys.Count);
    }

    public AckLedger Ledger { get; }

    public WorkerStats Stats { get; } = new();

    /// <summary>Operations completed since the start, warm-up included; read by the progress display.</summary>
    public long Completed => Volatile.Read(ref _completed);

    /// <summary>
    /// Runs until <see cref="RunControl.Stop"/> or <paramref name="quota"/> operations. In the open loop,
    /// operation n is due at <paramref name="startTimestamp"/> + n × <paramref name="ticksPerOperation"/>.
    /// </summary>
    public async Task RunAsync(long quota, long startTimestamp, double ticksPerOperation)
    {
        var open = _options.Loop == LoopMode.Open;
        var sampleMask = open ? 0 : _options.LatencySampleEvery - 1;
        var pipelined = _options.Writes == WriteMode.Pipelined;
        var epoch = _control.Epoch;
        var latency = Stats.Latency;
        var operations = Stats.Operations;
        for (long n = 0; n < quota && !_control.StopRequested; n++)
        {
            if (_control.Epoch != epoch)
            {
                epoch = _control.Epoch;
                Stats.Clear();
            }

            var (kind, key) = _script[n];
            var timed = (n & sampleMask) == 0;
            long start = 0;
            if (open)
            {
                start = startTimestamp + (long)(n * ticksPerOperation);
                await OpenLoopPacer.WaitUntilAsync(start, _control).ConfigureAwait(false);
            }
            else if (timed)
            {
                start = Stopwatch.GetTimestamp();
            }

            try
            {
                switch (kind)
                {
                    case OperationKind.Read:
                        // Synchronous strategies complete at once: skip the awaiter when there is nothing to wait for.
                        var read = _strategy.GetAsync(_keys.Values[key]);
                        Observe(key, read.IsCompletedSuccessfully ? read.Result : await read.ConfigureAwait(false));
                        break;
                    case OperationKind.Write when pipelined:
                        _strategy.PostSet(_keys.Values[key], NextValue(key, out _));
                        _unflushed.Add(key);
                        if (_unflushed.Count >= _options.PipelineDepth)
                        {
                            await FlushAsync().ConfigureAwait(false);
                        }

                        break;
                    case OperationKind.Write:
                        var write = _strategy.SetAsync(_keys.Values[key], NextValue(key, out var writeId));
                        Ledger.Written(key, write.IsCompletedSuccessfully ? write.Result : await write.ConfigureAwait(false), writeId);
                        break;
                    case OperationKind.Increment:
                        var increment = _strategy.IncrementAsync(_keys.Counters[key], 1);
                        if (!increment.IsCompletedSuccessfully)
                        {
                            await increment.ConfigureAwait(false);
                        }

                        Ledger.Incremented(key, 1);
                        break;
                    case OperationKind.Cas:
                        await CompareAndSetAsync(key).ConfigureAwait(false);
                        break;
                    case OperationKind.Scan:
                        Stats.ScannedEntries += (await _strategy.ScanAsync(_keys.Values[key], _options.ScanLimit).ConfigureAwait(false)).Count;
                        break;
                }
            }
            catch (OperationRejectedException)
            {
                Stats.Rejected++;
            }
            catch (Exception error)
            {
                Stats.Exceptions.Record(error);
            }

            if (timed)
            {
                latency[(int)kind].RecordTicks(Stopwatch.GetTimestamp() - start);
            }

            operations[(int)kind]++;
            Volatile.Write(ref _completed, _completed + 1);
        }
    }

    /// <summary>Flushes pipelined writes; the posted writes count as acknowledged only once a flush confirms them.</summary>
    public async Task FlushAsync()
    {
        if (_unflushed.Count == 0)
        {
            return;
        }

        try
        {
            await _strategy.FlushAsync().ConfigureAwait(false);
            foreach (var key in _unflushed)
            {
                Ledger.Posted(key);
            }
        }
        catch (OperationRejectedException)
        {
            Stats.Rejected += _unflushed.Count;
        }
        catch (Exception error)
        {
            Stats.Exceptions.Record(error);
        }
        finally
        {
            _unflushed.Clear();
        }
    }

    private void Observe(int key, ReadResult read)
    {
        if (!read.Found)
        {
            Stats.ReadMisses++;
            return;
        }

        Stats.ReadHits++;
        if (!ValueStamp.TryRead(read.Value, out _, out var stampedKey) || stampedKey != key)
        {
            Stats.MisreadValues++;
        }
    }

    private async ValueTask CompareAndSetAsync(int key)
    {
        var name = _keys.Values[key];
        var current = await _strategy.GetAsync(name).ConfigureAwait(false);
        var value = NextValue(key, out var writeId);
        var result = await _strategy.CompareAndSetAsync(name, current.Version, value).ConfigureAwait(false);
        if (result.Succeeded)
        {
            Stats.CasSucceeded++;
            Ledger.Written(key, result.Version, writeId);
        }
        else
        {
            Stats.CasFailed++;
        }
    }

    private byte[] NextValue(int key, out long writeId)
    {
        writeId = ValueStamp.WriteId(_id, ++_sequence);
        return ValueStamp.Create(_options.ValueSize, writeId, key);
    }
}
