using Actors.Store.Linearizability;
using Actors.Store.Strategies;

namespace Actors.Store.Tests.Strategies;

/// <summary>
/// The one correctness suite every synchronised strategy must pass, sequentially and under concurrency. A
/// derived class names the strategy and how to create it, so the actor strategies reuse it unchanged: derive,
/// override <see cref="CreateAsync"/>, done.
/// </summary>
public abstract class StrategyCorrectnessSuite
{
    private const int Workers = 4;

    protected abstract ValueTask<IKeyValueStrategy> CreateAsync();

    /// <summary>
    /// What a refused compare-and-set reports for a deleted key: the in-process maps report the tombstone's version;
    /// the store reports 0, "absent", which is what a create-only compare-and-set expects.
    /// </summary>
    protected virtual bool ReportsTombstoneVersionOnMismatch => true;

    private long Tombstone(long version) => ReportsTombstoneVersionOnMismatch ? version : 0;

    [Fact]
    public async Task Versions_start_at_one_and_grow_with_every_change()
    {
        await using var map = await CreateAsync();
        Assert.Equal(ReadResult.Missing, await map.GetAsync("a"));
        Assert.Equal(1, await map.SetAsync("a", [1]));
        Assert.Equal(2, await map.SetAsync("a", [2]));
        var read = await map.GetAsync("a");
        Assert.True(read.Found);
        Assert.Equal([2], read.Value);
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task A_delete_keeps_the_version_as_a_tombstone()
    {
        await using var map = await CreateAsync();
        await map.SetAsync("a", [1]);
        Assert.True(await map.DeleteAsync("a"));
        Assert.False(await map.DeleteAsync("a"));
        Assert.False((await map.GetAsync("a")).Found);
        Assert.Equal(3, await map.SetAsync("a", [1]));
        Assert.False(await map.DeleteAsync("never"));
    }

    [Fact]
    public async Task Compare_and_set_matches_the_version_or_a_missing_key_at_zero()
    {
        await using var map = await CreateAsync();
        Assert.Equal(new CasResult(false, 0), await map.CompareAndSetAsync("a", 1, [1]));
        Assert.Equal(new CasResult(true, 1), await map.CompareAndSetAsync("a", 0, [1]));
        Assert.Equal(new CasResult(false, 1), await map.CompareAndSetAsync("a", 0, [2]));
        Assert.Equal(new CasResult(true, 2), await map.CompareAndSetAsync("a", 1, [2]));
        await map.DeleteAsync("a");
        Assert.Equal(new CasResult(false, Tombstone(3)), await map.CompareAndSetAsync("a", 3, [3]));
        Assert.Equal(new CasResult(true, 4), await map.CompareAndSetAsync("a", 0, [4]));
        Assert.Equal([4], (await map.GetAsync("a")).Value);
    }

    [Fact]
    public async Task Increments_start_from_zero_and_read_back_as_decimal_text()
    {
        await using var map = await CreateAsync();
        Assert.Equal(new CounterResult(5, 1), await map.IncrementAsync("c", 5));
        Assert.Equal(new CounterResult(3, 2), await map.IncrementAsync("c", -2));
        Assert.Equal("3"u8.ToArray(), (await map.GetAsync("c")).Value);
        await map.SetAsync("text", "41"u8.ToArray());
        Assert.Equal(42, (await map.IncrementAsync("text", 1)).Value);
        await map.SetAsync("bytes", [0xFF]);
        await Assert.ThrowsAsync<FormatException>(async () => await map.IncrementAsync("bytes", 1));
    }

    [Fact]
    public async Task A_scan_returns_every_key_up_to_its_limit_however_many_there_are()
    {
        // More keys than any one page of the store (10,000): the lab's verifier compares a whole scan with the count.
        const int keys = 12_500;
        await using var map = await CreateAsync();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; i < keys; i += Workers)
            {
                await map.SetAsync($"many/{i}", [1]);
            }
        })));

        var all = await map.ScanAsync("many/", int.MaxValue);
        Assert.Equal(keys, all.Count);
        Assert.Equal(keys, all.Select(e => e.Key).Distinct().Count());
        Assert.Equal(keys - 1, (await map.ScanAsync("", keys - 1)).Count);
        Assert.Equal(keys, await map.CountAsync());
    }

    [Fact]
    public async Task Scan_is_bounded_and_filters_by_prefix_and_count_skips_tombstones()
    {
        await using var map = await CreateAsync();
        for (var i = 0; i < 10; i++)
        {
            await map.SetAsync($"user/{i}", [(byte)i]);
            await map.SetAsync($"order/{i}", [(byte)i]);
        }

        await map.DeleteAsync("user/3");
        var users = await map.ScanAsync("user/", 100);
        Assert.Equal(9, users.Count);
        Assert.All(users, entry => Assert.StartsWith("user/", entry.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(users, entry => entry.Key == "user/3");
        Assert.Equal(4, (await map.ScanAsync("", 4)).Count);
        Assert.Equal(19, await map.CountAsync());

        await map.ClearAsync();
        Assert.Equal(0, await map.CountAsync());
        Assert.Empty(await map.ScanAsync("", 100));
        Assert.Equal(new CasResult(false, Tombstone(2)), await map.CompareAndSetAsync("user/0", 1, [1]));
    }

    [Fact]
    public async Task Posted_writes_are_applied_once_flushed()
    {
        await using var map = await CreateAsync();
        for (var i = 0; i < 100; i++)
        {
            map.PostSet($"k{i}", [(byte)i]);
        }

        await map.FlushAsync();
        Assert.Equal(100, await map.CountAsync());
        Assert.Equal([99], (await map.GetAsync("k99")).Value);
    }

    [Fact]
    public async Task Concurrent_increments_on_hot_keys_are_never_lost()
    {
        const int perWorker = 20_000;
        const int keys = 3;
        await using var map = await CreateAsync();
        await RunConcurrently(async worker =>
        {
            for (var i = 0; i < perWorker; i++)
            {
                await map.IncrementAsync($"hot{i % keys}", 1);
            }
        });

        long total = 0;
        for (var k = 0; k < keys; k++)
        {
            var read = await map.GetAsync($"hot{k}");
            total += CounterValue.Decode(read.Value, "hot");
            Assert.Equal(CounterValue.Decode(read.Value, "hot"), read.Version);
        }

        Assert.Equal(Workers * perWorker, total);
    }

    [Fact]
    public async Task Concurrent_inserts_that_resize_the_map_are_all_readable()
    {
        const int perWorker = 20_000;
        await using var map = await CreateAsync();
        await RunConcurrently(async worker =>
        {
            for (var i = 0; i < perWorker; i++)
            {
                await map.SetAsync($"w{worker}/{i}", [(byte)worker]);
            }
        });

        Assert.Equal(Workers * perWorker, await map.CountAsync());
        for (var worker = 0; worker < Workers; worker++)
        {
            for (var i = 0; i < perWorker; i++)
            {
                var read = await map.GetAsync($"w{worker}/{i}");
                Assert.True(read.Found && read.Value![0] == worker, $"w{worker}/{i} was lost");
            }
        }
    }

    [Fact]
    public async Task Concurrent_compare_and_set_loops_count_exactly()
    {
        const int perWorker = 2_000;
        await using var map = await CreateAsync();
        await RunConcurrently(async _ =>
        {
            for (var i = 0; i < perWorker; i++)
            {
                while (true)
                {
                    var read = await map.GetAsync("cas");
                    var next = (read.Found ? CounterValue.Decode(read.Value, "cas") : 0) + 1;
                    if ((await map.CompareAndSetAsync("cas", read.Version, CounterValue.Encode(next))).Succeeded)
                    {
                        break;
                    }
                }
            }
        });

        var final = await map.GetAsync("cas");
        Assert.Equal(Workers * perWorker, CounterValue.Decode(final.Value, "cas"));
        Assert.Equal(Workers * perWorker, final.Version);
    }

    [Fact]
    public async Task A_random_concurrent_history_is_linearizable()
    {
        const int perWorker = 300;
        await using var map = await CreateAsync();
        var recorder = new HistoryRecorder<KvInput, KvOutput>();
        var unique = 0L;
        await RunConcurrently(async worker =>
        {
            var random = new Random(worker);
            for (var i = 0; i < perWorker; i++)
            {
                var key = $"k{random.Next(4)}";
                var roll = random.Next(100);
                if (roll < 35)
                {
                    var call = recorder.Call(worker, new KvGet(key));
                    var read = await map.GetAsync(key);
                    call.Complete(read.Found ? new KvFound(CounterValue.Decode(read.Value, key), read.Version) : KvMissing.Instance);
                }
                else if (roll < 55)
                {
                    var value = Interlocked.Increment(ref unique);
                    var call = recorder.Call(worker, new KvSet(key, value));
                    call.Complete(new KvWritten(await map.SetAsync(key, CounterValue.Encode(value))));
                }
                else if (roll < 75)
                {
                    var call = recorder.Call(worker, new KvIncrement(key, 1));
                    var incremented = await map.IncrementAsync(key, 1);
                    call.Complete(new KvIncremented(incremented.Value, incremented.Version));
                }
                else if (roll < 92)
                {
                    var expected = random.Next(0, 40);
                    var value = Interlocked.Increment(ref unique);
                    var call = recorder.Call(worker, new KvCompareAndSet(key, expected, value));
                    var result = await map.CompareAndSetAsync(key, expected, CounterValue.Encode(value));
                    call.Complete(result.Succeeded ? new KvWritten(result.Version) : KvVersionMismatch.Instance);
                }
                else
                {
                    var call = recorder.Call(worker, new KvDelete(key));
                    call.Complete(new KvDeleted(await map.DeleteAsync(key)));
                }
            }
        });

        var result = LinearizabilityChecker.Check(KvModel.Instance, recorder.ToHistory(), TimeSpan.FromSeconds(30));
        Assert.True(result.IsLinearizable, result.ToString());
    }

    private static Task RunConcurrently(Func<int, Task> body) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Factory.StartNew(
            () => body(worker), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));
}
