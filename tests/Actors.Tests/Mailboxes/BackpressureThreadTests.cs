using Actors.Mailboxes;

namespace Actors.Tests.Mailboxes;

/// <summary>Runs alone (no other test class in parallel), because it reads the process-wide thread-pool size.</summary>
[CollectionDefinition(nameof(ThreadPoolSensitive), DisableParallelization = true)]
public sealed class ThreadPoolSensitive;

[Collection(nameof(ThreadPoolSensitive))]
public sealed class BackpressureThreadTests() : TestKit.TestKit(Settings)
{
    private const int Capacity = 5;

    private static readonly ActorSystemSettings Settings = new ActorSystemSettings()
        .WithMailbox("backpressure", MailboxSettings.Bounded(Capacity, OverflowPolicy.Backpressure, TimeSpan.FromSeconds(30)));

    private (IActorRef Actor, TaskCompletionSource Gate, TestKit.TestProbe Monitor) BlockedActor(string mailbox) =>
        GatedActor.StartBlocked(this, mailbox);

    [Fact]
    public async Task A_thousand_async_senders_waiting_on_a_full_mailbox_do_not_hold_thread_pool_threads()
    {
        var (actor, gate, monitor) = BlockedActor("backpressure");
        for (var i = 1; i <= Capacity; i++)
        {
            await actor.TellAsync(i);
        }

        var threadsBefore = ThreadPool.ThreadCount;
        var waiting = Enumerable.Range(100, 1000).Select(i => actor.TellAsync(i).AsTask()).ToArray();
        Assert.All(waiting, t => Assert.False(t.IsCompleted));

        // With 1,000 senders parked, other actors still get threads promptly.
        var echo = Sys.ActorOf(Props.Create(() => new GatedActor(Task.CompletedTask, TestActor)));
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(i, await echo.Ask<int>(i, TimeSpan.FromSeconds(5)));
        }

        Assert.True(ThreadPool.ThreadCount <= threadsBefore + 4, $"thread pool grew from {threadsBefore} to {ThreadPool.ThreadCount} threads");
        gate.SetResult();
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Capacity + 1000, monitor.ReceiveN(Capacity + 1000, TimeSpan.FromSeconds(30)).Count);
    }
}
