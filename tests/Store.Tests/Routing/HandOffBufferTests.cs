using System.Text;
using Actors.Store.Configuration;
using Actors.Store.Routing;
using Actors.Store.OwnRuntime;

namespace Actors.Store.Tests.Routing;

using ActorStateStore = Actors.Store.OwnRuntime.ActorStateStore;

/// <summary>
/// The buffer that holds a moving shard's requests is bounded: once it holds
/// <see cref="ActorStateStore.HandOffBufferCapacity"/> requests, the next is refused at once — answered, with a
/// "retry shortly" error (HTTP 503 with <c>Retry-After</c>) — rather than queued without limit or dropped, and nothing
/// of it is applied; the held requests are all served once the shard has settled.
/// </summary>
public sealed class HandOffBufferTests : IAsyncLifetime
{
    private ActorSystem _system = null!;
    private ActorStateStore _store = null!;

    public async Task InitializeAsync()
    {
        _system = ActorSystem.Create("hand-off-buffer", new ActorSystemSettings { CoordinatedShutdown = new() { RunByProcessExit = false } });
        _store = ActorStateStore.CreateManaged(_system, new StoreSettings { Shards = 1, Durability = Durability.None });
        await _store.BeginManagedAsync();
        await _store.StartLocalShardAsync(0, epoch: 1);
        _store.MarkReady();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _system.Terminate();
    }

    [Fact]
    public async Task A_full_hand_off_buffer_refuses_the_next_request_at_once_applies_nothing_of_it_and_serves_the_held_ones()
    {
        await _store.StopLocalShardAsync(0, "handing off to another node");
        var held = Enumerable.Range(0, ActorStateStore.HandOffBufferCapacity).Select(_ => _store.IncrementAsync("counter").AsTask()).ToArray();
        Assert.DoesNotContain(held, t => t.IsCompleted);

        // One more of each kind: refused before anything reaches the shard, without waiting for the move.
        var refusedWrite = _store.SetAsync("refused", "x"u8.ToArray()).AsTask();
        var refusedIncrement = _store.IncrementAsync("counter").AsTask();
        var refusedRead = _store.GetAsync("counter").AsTask();
        foreach (var refused in new Task[] { refusedWrite, refusedIncrement, refusedRead })
        {
            Assert.True(refused.IsFaulted, "a request beyond the buffer's capacity must be refused at once");
            var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => refused);
            Assert.Contains("Shard 0 is moving", error.Message, StringComparison.Ordinal);
            Assert.Contains("retry", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("store.cluster", error.Message, StringComparison.Ordinal); // no such setting: the bound is fixed
        }

        // The shard settles (here: back on this node under the next epoch; memory-only, so it starts empty): every held
        // request is served, in order, and none of the refused ones was applied.
        await _store.StartLocalShardAsync(0, epoch: 2);
        Assert.Equal(Enumerable.Range(1, held.Length).Select(i => (long)i), (await Task.WhenAll(held)).Select(r => r.Value));
        Assert.Equal(held.Length, long.Parse(Encoding.ASCII.GetString((await _store.GetAsync("counter"))!.Value.Span), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(await _store.GetAsync("refused"));

        // Room again: the buffer of the next move starts empty.
        await _store.StopLocalShardAsync(0, "handing off again");
        var next = _store.IncrementAsync("counter").AsTask();
        Assert.False(next.IsCompleted);
        await _store.StartLocalShardAsync(0, epoch: 3);
        Assert.Equal(1, (await next).Value);
    }
}
