using System.Diagnostics;
using Actors.Store.Load;
using Actors.Store.Strategies;
using BenchmarkDotNet.Attributes;
using HdrHistogram;

namespace Actors.Benchmarks;

/// <summary>
/// What the comparison lab itself costs per operation, next to the fastest strategy's own cost, on the default
/// mixed workload (10,000 uniform keys), single-threaded so that contention does not blur the figures.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>GeneratorAndHistogram</c>: replaying the pre-generated script and timing a 1-in-64 sample into the
/// histogram — the generator and histogram alone.</item>
/// <item><c>LabLoopAgainstNullStrategy</c>: the whole worker loop against a strategy that does nothing — generator,
/// histogram, value construction, acknowledgement ledger, read checks, the interface call.</item>
/// <item><c>ConcurrentStrategyAlone</c> (baseline): the same operations straight against <c>concurrent</c>, no lab.</item>
/// <item><c>LabLoopAgainstConcurrent</c>: the lab driving <c>concurrent</c>, as a run does.</item>
/// </list>
/// dotnet run -c Release --project bench/Actors.Benchmarks -- --filter '*LabOverhead*'
/// </remarks>
[Config(typeof(BenchmarkConfig))]
public class LabOverheadBenchmarks
{
    private const int Operations = 4096;

    private readonly WorkloadOptions _workload = new();
    private KeySpace _keys = null!;
    private OperationScript _script = null!;
    private LongHistogram[] _histograms = null!;
    private LoadWorker _nullWorker = null!;
    private LoadWorker _concurrentWorker = null!;
    private ConcurrentStrategy _concurrent = null!;
    private byte[][] _values = null!;
    private long _position;

    [GlobalSetup]
    public void Setup()
    {
        _keys = new KeySpace(_workload.KeyCount);
        _script = OperationScript.Generate(_workload, 0);
        _histograms = [.. Enumerable.Range(0, 5).Select(_ => LatencyHistograms.Create())];
        _concurrent = new ConcurrentStrategy();
        _values = [.. Enumerable.Range(0, _workload.KeyCount).Select(k => ValueStamp.Create(_workload.ValueSize, k, k))];
        for (var key = 0; key < _workload.KeyCount; key++)
        {
            _concurrent.SetAsync(_keys.Values[key], _values[key]);
        }

        _nullWorker = new LoadWorker(0, new NullStrategy(), _workload, _keys, _script, new RunControl());
        _concurrentWorker = new LoadWorker(0, _concurrent, _workload, _keys, _script, new RunControl());
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long GeneratorAndHistogram()
    {
        long checksum = 0;
        var mask = _workload.LatencySampleEvery - 1;
        for (var n = 0; n < Operations; n++, _position++)
        {
            var (kind, key) = _script[_position];
            var timed = (_position & mask) == 0;
            var start = timed ? Stopwatch.GetTimestamp() : 0;
            checksum += key;
            if (timed)
            {
                _histograms[(int)kind].RecordTicks(Stopwatch.GetTimestamp() - start);
            }
        }

        return checksum;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void LabLoopAgainstNullStrategy() => _nullWorker.RunAsync(Operations, 0, 0).GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public long ConcurrentStrategyAlone()
    {
        long checksum = 0;
        for (var n = 0; n < Operations; n++, _position++)
        {
            var (kind, key) = _script[_position];
            switch (kind)
            {
                case OperationKind.Read:
                    checksum += _concurrent.GetAsync(_keys.Values[key]).Result.Version;
                    break;
                case OperationKind.Write:
                    checksum += _concurrent.SetAsync(_keys.Values[key], _values[key]).Result;
                    break;
                case OperationKind.Increment:
                    checksum += _concurrent.IncrementAsync(_keys.Counters[key], 1).Result.Version;
                    break;
                case OperationKind.Cas:
                    var current = _concurrent.GetAsync(_keys.Values[key]).Result;
                    checksum += _concurrent.CompareAndSetAsync(_keys.Values[key], current.Version, _values[key]).Result.Version;
                    break;
                case OperationKind.Scan:
                    checksum += _concurrent.ScanAsync(_keys.Values[key], _workload.ScanLimit).Result.Count;
                    break;
            }
        }

        return checksum;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void LabLoopAgainstConcurrent() => _concurrentWorker.RunAsync(Operations, 0, 0).GetAwaiter().GetResult();
}
