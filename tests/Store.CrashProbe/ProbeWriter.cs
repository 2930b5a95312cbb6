using System.Globalization;
using System.Text;

namespace Actors.Store.CrashProbe;

/// <summary>
/// One of the probe's writers. It owns its keys — six plain keys, a counter, and a pair that shares a shard (a hash
/// tag) for atomic batches — so that what a crash may leave of them is exact: the last acknowledged state, or the state
/// after the one write in flight. It overwrites, compare-and-sets (matching and not), deletes, increments and batches,
/// printing <c>begin</c> before each write is sent and <c>ack</c> with the store's answer after.
/// </summary>
internal sealed class ProbeWriter
{
    private readonly int _id;
    private readonly IStateStore _store;
    private readonly ProbeOutput _output;
    private readonly string _run;
    private readonly Random _random;
    private readonly string[] _keys;
    private readonly string _counter;
    private readonly string[] _pair;

    // The version of each live key this writer owns, as the store last said; absent when missing.
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private long _writes;

    public ProbeWriter(int id, IStateStore store, ProbeOutput output, string run)
    {
        _id = id;
        _store = store;
        _output = output;
        _run = run;
        _random = new Random(HashCode.Combine(run, id));
        _keys = [.. Enumerable.Range(0, 6).Select(j => $"k{id}.{j}")];
        _counter = $"n{id}";
        _pair = [$"{{p{id}}}a", $"{{p{id}}}b"];
    }

    /// <summary>Learns the versions its keys have now (a previous run may have left them anywhere).</summary>
    public async Task LoadAsync()
    {
        string[] all = [.. _keys, _counter, .. _pair];
        var entries = await _store.GetManyAsync(all);
        for (var i = 0; i < all.Length; i++)
        {
            if (entries[i] is { } entry)
            {
                _versions[all[i]] = entry.Version;
            }
        }
    }

    /// <summary>Writes until the process is killed.</summary>
    public async Task RunAsync()
    {
        while (true)
        {
            await WriteOnceAsync();
        }
    }

    private async Task WriteOnceAsync()
    {
        var key = _keys[_random.Next(_keys.Length)];
        var sequence = $"{_run}.{_id}.{++_writes}";
        switch (_random.Next(100))
        {
            case < 30:
            {
                Begin($"set {key} {sequence}");
                var result = await _store.SetAsync(key, Value(key, sequence));
                Ack(key, result.Applied, result.Version);
                break;
            }

            case < 45:
            {
                // Expects the version the key has: it matches, since nobody else writes here.
                var expected = _versions.GetValueOrDefault(key);
                Begin($"cas {key} {expected} {sequence}");
                var result = await _store.SetAsync(key, Value(key, sequence), new SetOptions { ExpectedVersion = expected });
                Ack(key, result.Applied, result.Version);
                break;
            }

            case < 55:
            {
                // Expects a version the key does not have: the store must refuse, and change nothing.
                var expected = _versions.TryGetValue(key, out var version) ? version + 1 + _random.Next(3) : 1 + _random.Next(1000);
                Begin($"cas {key} {expected} {sequence}");
                var result = await _store.SetAsync(key, Value(key, sequence), new SetOptions { ExpectedVersion = expected });
                Ack(key, result.Applied, result.Version);
                break;
            }

            case < 70:
            {
                Begin($"del {key}");
                var result = await _store.DeleteAsync(key);
                Ack(key, result.Deleted, result.Version, deleted: true);
                break;
            }

            case < 88:
            {
                var by = 1 + _random.Next(9);
                Begin($"inc {_counter} {by}");
                var result = await _store.IncrementAsync(_counter, by);
                _versions[_counter] = result.Version;
                _output.Line(string.Create(CultureInfo.InvariantCulture, $"ack {_id} 1/{result.Version}/{result.Value}"));
                break;
            }

            default:
            {
                // Both keys of the pair, all or nothing.
                Begin($"batch {sequence} {_pair[0]} {_pair[1]}");
                var result = await _store.BatchAsync([
                    new BatchOperation.Set(_pair[0], Value(_pair[0], sequence)),
                    new BatchOperation.Set(_pair[1], Value(_pair[1], sequence))]);
                _versions[_pair[0]] = result.Results[0];
                _versions[_pair[1]] = result.Results[1];
                _output.Line(string.Create(CultureInfo.InvariantCulture, $"ack {_id} {Flag(result.Applied)}/{result.Results[0]} {Flag(result.Applied)}/{result.Results[1]}"));
                break;
            }
        }
    }

    // Printed, and flushed, before the write is sent: a write without its "begin" line was never sent.
    private void Begin(string write) => _output.Line($"begin {_id} {write}");

    private void Ack(string key, bool applied, long version, bool deleted = false)
    {
        if (applied && deleted)
        {
            _versions.Remove(key);
        }
        else if (applied)
        {
            _versions[key] = version;
        }

        _output.Line(string.Create(CultureInfo.InvariantCulture, $"ack {_id} {Flag(applied)}/{version}"));
    }

    private static string Flag(bool applied) => applied ? "1" : "0";

    private static byte[] Value(string key, string sequence) => Encoding.UTF8.GetBytes(ProbeValue.Of(key, sequence));
}
