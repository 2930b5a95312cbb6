using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Actors.Store.Sharding;

namespace Actors.Host.Cluster;

/// <summary>
/// Measures, from the outside, how long each shard of a running cluster goes without an acknowledged write: one key
/// per shard, written every <see cref="ShardProbeOptions.Interval"/> through the targets in turn. A shard being
/// handed off or failed over shows as a long gap between two acknowledged writes; a healthy one as the interval plus
/// a request's latency. At the end every key is read back: its value must be at least the last acknowledged write.
/// </summary>
internal sealed class ShardProbe(HttpClient client, ShardProbeOptions options)
{
    /// <summary>Probes until <see cref="ShardProbeOptions.Duration"/> passes or <paramref name="stop"/> fires, then reports.</summary>
    public async Task<ShardProbeReport> RunAsync(CancellationToken stop)
    {
        var before = await ViewAsync(CancellationToken.None).ConfigureAwait(false);
        var shards = before.Shards.Count;
        var run = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var keys = KeysPerShard($"probe/{run}/", shards);
        var states = keys.Select((key, shard) => new ShardState(shard, key)).ToArray();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(options.Duration);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(states.Select(state => ProbeAsync(state, started, deadline.Token))).ConfigureAwait(false);
        var ended = Stopwatch.GetTimestamp();

        var after = await ViewAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var state in states)
        {
            state.Close(ended, started);
            await VerifyAsync(state).ConfigureAwait(false);
        }

        var moved = before.Shards.Zip(after.Shards, (b, a) => b.Owner != a.Owner || b.Epoch != a.Epoch).ToArray();
        return new ShardProbeReport(
            Stopwatch.GetElapsedTime(started, ended),
            options.Interval,
            [.. states.Select(s => new ShardProbeReport.Shard(s.Shard, s.Key, before.Shards[s.Shard].Owner, after.Shards[s.Shard].Owner, moved[s.Shard],
                s.Acknowledged, s.Errors.Values.Sum(), s.LongestGap, s.GapStartedAt, s.Lost, s.FirstError))],
            [.. states.SelectMany(s => s.Errors).GroupBy(e => e.Key, StringComparer.Ordinal).Select(g => new ShardProbeReport.ErrorCount(g.Key, g.Sum(e => e.Value))).OrderByDescending(e => e.Count)]);
    }

    /// <summary>For each shard, a key under <paramref name="prefix"/> that the store's stable hash puts on it.</summary>
    public static string[] KeysPerShard(string prefix, int shards)
    {
        var keys = new string?[shards];
        var found = 0;
        for (var n = 0; found < shards; n++)
        {
            var key = prefix + n.ToString(CultureInfo.InvariantCulture);
            var shard = StableHash.ShardOf(key, shards);
            if (keys[shard] is null)
            {
                keys[shard] = key;
                found++;
            }
        }

        return keys!;
    }

    private async Task ProbeAsync(ShardState state, long started, CancellationToken stop)
    {
        state.LastSuccess = started;
        using var timer = new PeriodicTimer(options.Interval);
        try
        {
            do
            {
                var value = state.Sent + 1;
                state.Sent = value;
                try
                {
                    using var response = await client.PutAsync(
                        new Uri(Target(state), "/v1/kv/" + Uri.EscapeDataString(state.Key)),
                        new StringContent(value.ToString(CultureInfo.InvariantCulture), Encoding.UTF8, "text/plain"),
                        stop).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        state.Acknowledge(value, Stopwatch.GetTimestamp(), started);
                    }
                    else
                    {
                        state.Fail($"{(int)response.StatusCode} {response.ReasonPhrase}", await response.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false));
                    }
                }
                catch (HttpRequestException error)
                {
                    state.Fail($"{error.HttpRequestError}", error.Message);
                }
                catch (TaskCanceledException error) when (!stop.IsCancellationRequested)
                {
                    state.Fail("timeout", error.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The probe's time is up (or Ctrl-C): a request cut short is neither acknowledged nor an error.
        }

        Uri Target(ShardState s) => options.Targets[(int)(s.Sent % options.Targets.Count)];
    }

    private async Task VerifyAsync(ShardState state)
    {
        if (state.Acknowledged == 0)
        {
            return;
        }

        try
        {
            var text = await client.GetStringAsync(new Uri(options.Targets[0], "/v1/kv/" + Uri.EscapeDataString(state.Key))).ConfigureAwait(false);
            var value = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
            state.Lost = value < state.LastAcknowledgedValue;
        }
        catch (HttpRequestException error)
        {
            state.Lost = true;
            state.FirstError ??= $"reading it back: {error.Message}";
        }
    }

    private async Task<ClusterPicture> ViewAsync(CancellationToken cancellationToken) =>
        await client.GetFromJsonAsync<ClusterPicture>(new Uri(options.Targets[0], "/v1/cluster"), ClusterJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"{options.Targets[0]} answered /v1/cluster with nothing.");

    private sealed class ShardState(int shard, string key)
    {
        public int Shard { get; } = shard;

        public string Key { get; } = key;

        public long Sent { get; set; }

        public long Acknowledged { get; private set; }

        public long LastAcknowledgedValue { get; private set; }

        public long LastSuccess { get; set; }

        public TimeSpan LongestGap { get; private set; }

        public TimeSpan GapStartedAt { get; private set; }

        public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

        public string? FirstError { get; set; }

        public bool Lost { get; set; }

        /// <summary>Records an acknowledged write at <paramref name="now"/>, and the gap since the previous one.</summary>
        public void Acknowledge(long value, long now, long started)
        {
            Acknowledged++;
            LastAcknowledgedValue = Math.Max(LastAcknowledgedValue, value);
            EndGap(now, started);
        }

        /// <summary>At the end of the probe: a shard still unanswered then has been so since its last acknowledged write.</summary>
        public void Close(long now, long started) => EndGap(now, started);

        private void EndGap(long now, long started)
        {
            var gap = Stopwatch.GetElapsedTime(LastSuccess, now);
            if (gap > LongestGap)
            {
                LongestGap = gap;
                GapStartedAt = Stopwatch.GetElapsedTime(started, LastSuccess);
            }

            LastSuccess = now;
        }

        public void Fail(string kind, string detail)
        {
            Errors[kind] = Errors.GetValueOrDefault(kind) + 1;
            FirstError ??= $"{kind}: {(detail.Length > 300 ? detail[..300] : detail)}";
        }
    }
}
