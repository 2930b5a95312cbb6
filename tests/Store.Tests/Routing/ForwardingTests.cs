using System.Text;
using Actors.Store.Configuration;
using Actors.Store.Routing;
using Actors.Store.OwnRuntime;

namespace Actors.Store.Tests.Routing;

using ActorStateStore = Actors.Store.OwnRuntime.ActorStateStore;

/// <summary>
/// Two stores in one process, each hosting half the shards and forwarding the rest to the other through an in-memory
/// transport: every operation behaves as on one store, and a moving shard's requests wait and then follow it, in the
/// order they arrived.
/// </summary>
public sealed class ForwardingTests : IAsyncLifetime
{
    private const int Shards = 4;
    private ActorSystem _systemA = null!;
    private ActorSystem _systemB = null!;
    private ActorStateStore _a = null!;
    private ActorStateStore _b = null!;

    private static StoreSettings Settings => new() { Shards = Shards, Durability = Durability.None };

    public async Task InitializeAsync()
    {
        _systemA = ActorSystem.Create("node-a", new ActorSystemSettings { CoordinatedShutdown = new() { RunByProcessExit = false } });
        _systemB = ActorSystem.Create("node-b", new ActorSystemSettings { CoordinatedShutdown = new() { RunByProcessExit = false } });
        _a = ActorStateStore.CreateManaged(_systemA, Settings);
        _b = ActorStateStore.CreateManaged(_systemB, Settings);
        await Task.WhenAll(_a.BeginManagedAsync(), _b.BeginManagedAsync());
        _a.UseTransport(new InProcessTransport(new() { ["b"] = _b, ["a"] = _a }));
        _b.UseTransport(new InProcessTransport(new() { ["b"] = _b, ["a"] = _a }));
        for (var shard = 0; shard < Shards; shard++)
        {
            var (owner, other, ownerName) = shard < 2 ? (_a, _b, "a") : (_b, _a, "b");
            await owner.StartLocalShardAsync(shard, epoch: 1);
            other.SetRoute(shard, new ShardRoute.Remote(new ShardOwner(ownerName, ownerName, 1)));
        }

        _a.MarkReady();
        _b.MarkReady();
    }

    public async Task DisposeAsync()
    {
        await _systemA.Terminate();
        await _systemB.Terminate();
    }

    [Fact]
    public async Task Every_operation_works_through_either_node()
    {
        var keys = Enumerable.Range(0, 40).Select(i => $"key-{i}").ToArray();
        Assert.Contains(keys, k => _a.ShardOf(k) < 2);
        Assert.Contains(keys, k => _a.ShardOf(k) >= 2);

        foreach (var key in keys)
        {
            Assert.True((await _a.SetAsync(key, Encoding.UTF8.GetBytes(key), new SetOptions { ExpectedVersion = 0, ContentType = "text/plain" })).Applied);
        }

        foreach (var key in keys)
        {
            var entry = await _b.GetAsync(key);
            Assert.Equal(key, Encoding.UTF8.GetString(entry!.Value.Span));
            Assert.Equal(1, entry.Version);
            Assert.Equal("text/plain", entry.ContentType);
        }

        Assert.Equal(5, (await _b.IncrementAsync("counter", 5)).Value);
        Assert.Equal(6, (await _a.IncrementAsync("counter")).Value);
        await Assert.ThrowsAsync<NotAnIntegerException>(() => _b.IncrementAsync("key-1").AsTask());
        Assert.Equal(40 + 1, await _a.CountAsync());
        Assert.Equal(40 + 1, await _b.CountAsync());
        Assert.Equal(keys, (await _b.GetManyAsync(keys)).Select(e => e!.Key));

        var scanned = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _b.ScanAsync("key-", 7, cursor);
            scanned.AddRange(page.Entries.Select(e => e.Key));
            cursor = page.Cursor;
        }
        while (cursor is not null);
        Assert.Equal(keys.Order(), scanned.Order());

        var batch = await _a.BatchAsync([new BatchOperation.Increment("{acct}:x", 2), new BatchOperation.Increment("{acct}:y", 3)]);
        Assert.True(batch.Applied);
        await _b.PostIncrementAsync("{acct}:x");
        await _b.FlushAsync();
        Assert.Equal("3", Encoding.ASCII.GetString((await _a.GetAsync("{acct}:x"))!.Value.Span));
        Assert.Equal(Shards, (await _b.StatsAsync()).Shards.Count);
    }

    [Fact]
    public async Task A_moving_shards_requests_wait_then_follow_it_to_its_new_owner_each_answered_in_arrival_order()
    {
        var counter = Enumerable.Range(0, 100).Select(i => $"m{i}").First(k => _a.ShardOf(k) == 0);
        var register = Enumerable.Range(0, 100).Select(i => $"r{i}").First(k => _a.ShardOf(k) == 0);

        // Shard 0 moves from a to b: a stops it, and every request for it now waits in a's hand-off buffer. Each call
        // joins the buffer before it returns, so the buffer holds them in call order: increments of one key, and writes
        // of another key each followed by a read of it. Last comes an increment sent through b, which b forwards to a
        // (b's map still says a), where it waits too.
        await _a.StopLocalShardAsync(0, "handing off to b");
        const int Held = 200;
        var increments = new List<Task<IncrementResult>>();
        var writesAndReads = new List<(Task<WriteResult> Write, Task<StoreEntry?> Read)>();
        for (var i = 1; i <= Held; i++)
        {
            increments.Add(_a.IncrementAsync(counter).AsTask());
            writesAndReads.Add((_a.SetAsync(register, Encoding.UTF8.GetBytes($"v{i}")).AsTask(), _a.GetAsync(register).AsTask()));
        }

        var forwarded = _b.IncrementAsync(counter).AsTask();
        Assert.DoesNotContain(increments.Append(forwarded), t => t.IsCompleted);

        await _b.StartLocalShardAsync(0, epoch: 2);
        _a.SetRoute(0, new ShardRoute.Remote(new ShardOwner("b", "b", 2)));

        // Every held request is answered, and applied in the order it arrived: the increments count 1..n in call order,
        // each read sees the write just before it, and the forwarded one, the last to arrive, comes last (memory-only
        // shards start empty on the new owner; with a journal they would recover the data first).
        Assert.Equal(Enumerable.Range(1, Held).Select(i => (long)i), (await Task.WhenAll(increments)).Select(r => r.Value));
        for (var i = 0; i < Held; i++)
        {
            Assert.Equal(i + 1, (await writesAndReads[i].Write).Version);
            Assert.Equal($"v{i + 1}", Encoding.UTF8.GetString((await writesAndReads[i].Read)!.Value.Span));
        }

        Assert.Equal(Held + 1, (await forwarded).Value);
        Assert.Equal(Held + 1, (await _a.IncrementAsync(counter, 0)).Value);
    }

    [Fact]
    public async Task A_node_asked_for_a_shard_it_does_not_own_says_so_and_the_caller_retries_after_refreshing()
    {
        var refreshed = 0;

        // Point a at b for a shard that a itself owns: b answers "not owned", a refreshes and serves it locally.
        var key = Enumerable.Range(0, 100).Select(i => $"r{i}").First(k => _a.ShardOf(k) == 1);
        var local = (ShardRoute.Local)_a.RouteOf(1);
        _a.SetRoute(1, new ShardRoute.Remote(new ShardOwner("b", "b", 1)));
        _a.ShardMapStale = shard =>
        {
            Interlocked.Increment(ref refreshed);
            _a.SetRoute(shard, local);
            return Task.CompletedTask;
        };
        Assert.True((await _a.SetAsync(key, "v"u8.ToArray())).Applied);
        Assert.Equal(1, refreshed);
    }

    private sealed class InProcessTransport(Dictionary<string, ActorStateStore> nodes) : IShardTransport
    {
        public async Task<ReadOnlyMemory<byte>> SendAsync(ShardOwner owner, int shard, ReadOnlyMemory<byte> request, CancellationToken cancellationToken) =>
            await nodes[owner.Node].ServeForwardedAsync(shard, request, owner.Node, cancellationToken);
    }
}
