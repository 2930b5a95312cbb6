using System.Text;
using Actors.Store.Configuration;

namespace Actors.Store.Tests.Api;

/// <summary>The store's API, against memory and against SQLite: the same behaviour either way.</summary>
public sealed class StoreApiTests
{
    public static TheoryData<string> Durabilities => ["none", "batched"];

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(StoreEntry? entry) => Encoding.UTF8.GetString(entry!.Value.Span);

    private static Task<StoreHarness> Start(string durability, int shards = 4, int maxValueBytes = 1024 * 1024) =>
        StoreHarness.StartAsync(new StoreSettings
        {
            Shards = shards,
            Durability = durability == "none" ? Durability.None : Durability.Batched,
            MaxValueBytes = maxValueBytes,
            MaxKeyBytes = 64,
        });

    [Theory]
    [MemberData(nameof(Durabilities))]
    public async Task Set_get_delete_with_versions(string durability)
    {
        await using var harness = await Start(durability);
        var store = harness.Store;
        Assert.Null(await store.GetAsync("k"));
        Assert.Equal(WriteResult.Written(1, created: true), await store.SetAsync("k", Bytes("a")));
        Assert.Equal(WriteResult.Written(2, created: false), await store.SetAsync("k", Bytes("b"), new SetOptions { ContentType = "text/plain" }));
        var entry = await store.GetAsync("k");
        Assert.Equal("b", Text(entry));
        Assert.Equal(2, entry!.Version);
        Assert.Equal("text/plain", entry.ContentType);
        Assert.Equal(new DeleteResult(true, true, 3), await store.DeleteAsync("k"));
        Assert.Null(await store.GetAsync("k"));
        Assert.Equal(WriteResult.Written(4, created: true), await store.SetAsync("k", Bytes("c")));
    }

    [Theory]
    [MemberData(nameof(Durabilities))]
    public async Task Compare_and_set_and_conditional_delete(string durability)
    {
        await using var harness = await Start(durability);
        var store = harness.Store;
        Assert.True((await store.SetAsync("k", Bytes("a"), new SetOptions { ExpectedVersion = 0 })).Applied);
        Assert.Equal(WriteResult.Mismatch(1), await store.SetAsync("k", Bytes("x"), new SetOptions { ExpectedVersion = 0 }));
        Assert.True((await store.SetAsync("k", Bytes("b"), new SetOptions { ExpectedVersion = 1 })).Applied);
        Assert.Equal(new DeleteResult(false, true, 2), await store.DeleteAsync("k", expectedVersion: 1));
        Assert.True((await store.DeleteAsync("k", expectedVersion: 2)).Deleted);
    }

    [Theory]
    [MemberData(nameof(Durabilities))]
    public async Task Increment_is_atomic_and_refuses_non_integers(string durability)
    {
        await using var harness = await Start(durability);
        var store = harness.Store;
        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => store.IncrementAsync("counter").AsTask()));
        Assert.Equal("200", Text(await store.GetAsync("counter")));
        Assert.Equal(195, (await store.IncrementAsync("counter", -5)).Value);

        await store.SetAsync("text", Bytes("hello"));
        var error = await Assert.ThrowsAsync<NotAnIntegerException>(() => store.IncrementAsync("text").AsTask());
        Assert.Contains("\"hello\" is not an integer", error.Message);
        Assert.Equal("hello", Text(await store.GetAsync("text")));
    }

    [Theory]
    [MemberData(nameof(Durabilities))]
    public async Task GetMany_and_SetMany_span_shards_and_keep_order(string durability)
    {
        await using var harness = await Start(durability);
        var store = harness.Store;
        var keys = Enumerable.Range(0, 50).Select(i => $"key-{i}").ToArray();
        var results = await store.SetManyAsync(keys.Select(k => new KeyValuePair<string, ReadOnlyMemory<byte>>(k, Bytes(k.ToUpperInvariant()))).ToArray());
        Assert.All(results, r => Assert.Equal(WriteResult.Written(1, true), r));
        var entries = await store.GetManyAsync([.. keys, "missing"]);
        Assert.Equal(keys.Select(k => k.ToUpperInvariant()), entries.Take(50).Select(Text));
        Assert.Null(entries[50]);
        Assert.True(keys.Select(harness.Store.ShardOf).Distinct().Count() > 1);
    }

    [Theory]
    [MemberData(nameof(Durabilities))]
    public async Task A_batch_is_all_or_nothing(string durability)
    {
        await using var harness = await Start(durability);
        var store = harness.Store;
        BatchOperation[] good =
        [
            new BatchOperation.Set("{acct}:a", Bytes("100"), new SetOptions { ExpectedVersion = 0 }),
            new BatchOperation.Set("{acct}:b", Bytes("0")),
            new BatchOperation.Increment("{acct}:b", 5),
            new BatchOperation.Check("{acct}:a", 1),
        ];
        var applied = await store.BatchAsync(good);
        Assert.True(applied.Applied);
        Assert.Equal([1L, 1, 2, 1], applied.Results);

        BatchOperation[] bad =
        [
            new BatchOperation.Increment("{acct}:a", -30),
            new BatchOperation.Increment("{acct}:b", 30),
            new BatchOperation.Check("{acct}:b", 99),
        ];
        var refused = await store.BatchAsync(bad);
        Assert.False(refused.Applied);
        Assert.Equal(2, refused.FailedIndex);
        Assert.Equal(2, refused.CurrentVersionAtFailure);
        Assert.Equal("100", Text(await store.GetAsync("{acct}:a")));
        Assert.Equal("5", Text(await store.GetAsync("{acct}:b")));
        Assert.Equal(1, (await store.GetAsync("{acct}:a"))!.Version);
    }

    [Fact]
    public async Task A_batch_across_shards_is_refused_naming_the_shards()
    {
        await using var harness = await Start("none", shards: 8);
        var keys = Enumerable.Range(0, 20).Select(i => $"k{i}").ToArray();
        var error = await Assert.ThrowsAsync<CrossShardBatchException>(() =>
            harness.Store.BatchAsync(keys.Select(k => (BatchOperation)new BatchOperation.Set(k, Bytes("v"))).ToArray()).AsTask());
        Assert.True(error.KeysByShard.Count > 1);
        Assert.Contains("span shards", error.Message);
        Assert.Contains("hash tag", error.Message);
        Assert.All(keys, k => Assert.Null(harness.Store.GetAsync(k).AsTask().Result));
    }

    [Theory]
    [MemberData(nameof(Durabilities))]
    public async Task Scan_pages_through_every_matching_key_once(string durability)
    {
        await using var harness = await Start(durability, shards: 5);
        var store = harness.Store;
        var expected = Enumerable.Range(0, 137).Select(i => $"user/{i:D4}").ToHashSet();
        foreach (var key in expected)
        {
            await store.SetAsync(key, Bytes(key));
        }

        await store.SetAsync("other/1", Bytes("x"));
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await store.ScanAsync("user/", 10, cursor, includeValues: true);
            Assert.InRange(page.Entries.Count, 0, 10);
            Assert.All(page.Entries, e => Assert.Equal(e.Key, Text(e)));
            seen.AddRange(page.Entries.Select(e => e.Key));
            cursor = page.Cursor;
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.Null(cursor);
        Assert.Equal(expected.Count, seen.Count);
        Assert.True(expected.SetEquals(seen));
        Assert.Equal(138, await store.CountAsync());
    }

    [Fact]
    public async Task A_forged_cursor_is_a_clear_error()
    {
        await using var harness = await Start("none");
        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => harness.Store.ScanAsync("", 10, "not-a-cursor!").AsTask());
        Assert.Contains("invalid", error.Message);
    }

    [Theory]
    [MemberData(nameof(Durabilities))]
    public async Task Expired_keys_vanish_at_their_deadline(string durability)
    {
        await using var harness = await Start(durability);
        var store = harness.Store;
        await store.SetAsync("short", Bytes("v"), new SetOptions { Ttl = TimeSpan.FromMilliseconds(200) });
        await store.SetAsync("long", Bytes("v"), new SetOptions { Ttl = TimeSpan.FromHours(1) });
        var entry = await store.GetAsync("short");
        Assert.NotNull(entry!.ExpiresAt);
        while (DateTimeOffset.UtcNow < entry.ExpiresAt)
        {
            await Task.Delay(20);
        }

        Assert.Null(await store.GetAsync("short"));
        Assert.NotNull(await store.GetAsync("long"));
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task Bad_keys_and_values_are_refused_and_never_truncated()
    {
        await using var harness = await Start("none", maxValueBytes: 100);
        var store = harness.Store;
        Assert.Contains("empty", (await Assert.ThrowsAsync<InvalidKeyException>(() => store.GetAsync("").AsTask())).Message);
        var tooLong = new string('x', 65);
        Assert.Contains("65 bytes", (await Assert.ThrowsAsync<InvalidKeyException>(() => store.SetAsync(tooLong, Bytes("v")).AsTask())).Message);
        Assert.Contains("unpaired surrogate", (await Assert.ThrowsAsync<InvalidKeyException>(() => store.GetAsync("bad\ud800").AsTask())).Message);

        // The limit is in UTF-8 bytes, not characters: 64 ASCII characters fit, 33 two-byte characters do not.
        Assert.Equal(WriteResult.Written(1, created: true), await store.SetAsync(new string('a', 64), Bytes("v")));
        Assert.Equal(WriteResult.Written(1, created: true), await store.SetAsync(new string('é', 32), Bytes("v")));
        Assert.Contains("66 bytes", (await Assert.ThrowsAsync<InvalidKeyException>(() => store.SetAsync(new string('é', 33), Bytes("v")).AsTask())).Message);
        var big = await Assert.ThrowsAsync<ValueTooLargeException>(() => store.SetAsync("k", new byte[101]).AsTask());
        Assert.Equal(101, big.Length);
        Assert.Contains("store.max-value-bytes", big.Message);
        Assert.Null(await store.GetAsync("k"));
        Assert.Equal(2, await store.CountAsync());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SetAsync("k", Bytes("v"), new SetOptions { ExpectedVersion = -1 }).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ScanAsync("", 0).AsTask());
    }

    [Fact]
    public async Task The_value_is_copied_so_the_caller_may_reuse_its_buffer()
    {
        await using var harness = await Start("none");
        var buffer = Encoding.UTF8.GetBytes("first");
        await harness.Store.SetAsync("k", buffer);
        buffer[0] = (byte)'X';
        Assert.Equal("first", Text(await harness.Store.GetAsync("k")));
    }

    [Theory]
    [MemberData(nameof(Durabilities))]
    public async Task Posted_writes_are_applied_and_Flush_waits_for_them(string durability)
    {
        await using var harness = await Start(durability);
        var store = harness.Store;
        for (var i = 0; i < 1000; i++)
        {
            await store.PostIncrementAsync($"c{i % 10}");
            await store.PostSetAsync($"s{i % 7}", Bytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        await store.FlushAsync();
        var counters = await store.GetManyAsync(Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray());
        Assert.All(counters, c => Assert.Equal("100", Text(c)));
        Assert.Equal("999", Text(await store.GetAsync("s5")));
    }

    [Theory]
    [MemberData(nameof(Durabilities))]
    public async Task Stats_report_every_shard(string durability)
    {
        await using var harness = await Start(durability, shards: 3);
        await harness.Store.SetAsync("a", Bytes("12345"));
        var stats = await harness.Store.StatsAsync();
        Assert.Equal(3, stats.Shards.Count);
        Assert.Equal(1, stats.Keys);
        Assert.Equal(6, stats.Bytes);
        Assert.Equal(durability, stats.Durability);
        var shard = stats.Shards[harness.Store.ShardOf("a")];
        Assert.Equal(durability == "none" ? 0 : 1, shard.JournalPosition); // one journal event, holding the write
        Assert.True(shard.MessagesProcessed >= 1);
    }
}
