using System.Collections.Concurrent;
using Actors.Events;
using Actors.Mailboxes;

namespace Actors.Tests.Mailboxes;

public sealed class BoundedMailboxTests() : TestKit.TestKit(Settings)
{
    private const int Capacity = 5;

    private static readonly ActorSystemSettings Settings = new ActorSystemSettings()
        .WithMailbox("reject", MailboxSettings.Bounded(Capacity, OverflowPolicy.Reject))
        .WithMailbox("drop-oldest", MailboxSettings.Bounded(Capacity, OverflowPolicy.DropOldest))
        .WithMailbox("backpressure", MailboxSettings.Bounded(Capacity, OverflowPolicy.Backpressure, TimeSpan.FromSeconds(30)))
        .WithMailbox("backpressure-short", MailboxSettings.Bounded(Capacity, OverflowPolicy.Backpressure, TimeSpan.FromMilliseconds(200)))
        .WithMailbox("reject-10", MailboxSettings.Bounded(10, OverflowPolicy.Reject));

    private sealed class Collector : ReceiveActor
    {
        public Collector(ConcurrentBag<(int Producer, int Sequence)> received)
        {
            Receive<(int Producer, int Sequence)>(m => received.Add(m));
        }
    }

    private (IActorRef Actor, TaskCompletionSource Gate, TestKit.TestProbe Monitor) BlockedActor(string mailbox) =>
        GatedActor.StartBlocked(this, mailbox);

    [Fact]
    public async Task Reject_refuses_exactly_the_messages_beyond_capacity_and_tells_everyone_concerned()
    {
        var (actor, gate, monitor) = BlockedActor("reject");
        var sender = CreateTestProbe();
        for (var i = 1; i <= Capacity; i++)
        {
            actor.Tell(i, sender.Ref);
        }

        actor.Tell(6, sender.Ref);
        var failure = sender.ExpectMsg<Status.Failure>();
        var full = Assert.IsType<MailboxFullException>(failure.Cause);
        Assert.Equal(Capacity, full.Capacity);
        Assert.Equal(OverflowPolicy.Reject, full.Policy);
        Assert.Contains("capacity 5", full.Message);
        Assert.Contains("overflow-policy reject", full.Message);
        var deadLetter = ExpectDeadLetter(d => d.Message is 6);
        Assert.Equal(DeadLetterReason.MailboxFull, deadLetter.Reason);
        Assert.Equal(actor, deadLetter.Recipient);

        await Assert.ThrowsAsync<MailboxFullException>(() => actor.Ask<int>(7));
        await Assert.ThrowsAsync<MailboxFullException>(async () => await actor.TellAsync(8));
        ExpectDeadLetter(d => d.Message is 7);
        ExpectDeadLetter(d => d.Message is 8);

        gate.SetResult();
        Assert.Equal([1, 2, 3, 4, 5], monitor.ReceiveN(Capacity).Cast<int>());
        monitor.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Drop_oldest_evicts_the_oldest_messages_and_fails_their_askers()
    {
        var (actor, gate, monitor) = BlockedActor("drop-oldest");
        var asks = Enumerable.Range(1, Capacity + 3).Select(i => actor.Ask<int>(i, TimeSpan.FromSeconds(30))).ToArray();

        for (var evicted = 0; evicted < 3; evicted++)
        {
            var error = await Assert.ThrowsAsync<MailboxFullException>(() => asks[evicted]);
            Assert.Equal(DeadLetterReason.DroppedOldest, error.Reason);
            Assert.Contains("evicted", error.Message);
        }

        var dropped = new[] { ExpectDeadLetter(), ExpectDeadLetter(), ExpectDeadLetter() };
        Assert.All(dropped, d => Assert.Equal(DeadLetterReason.DroppedOldest, d.Reason));
        Assert.Equal([1, 2, 3], dropped.Select(d => (int)d.Message));

        gate.SetResult();
        Assert.Equal([4, 5, 6, 7, 8], monitor.ReceiveN(Capacity).Cast<int>());
        var answers = await Task.WhenAll(asks[3..]);
        Assert.Equal([4, 5, 6, 7, 8], answers);
    }

    [Fact]
    public async Task Backpressure_makes_an_async_sender_wait_for_room_and_then_delivers_in_order()
    {
        var (actor, gate, monitor) = BlockedActor("backpressure");
        for (var i = 1; i <= Capacity; i++)
        {
            await actor.TellAsync(i, TestActor);
        }

        var waiting = actor.TellAsync(6, TestActor).AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted, "the sender should wait while the mailbox is full");

        gate.SetResult();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1, 2, 3, 4, 5, 6], monitor.ReceiveN(6).Cast<int>());
        ExpectNoDeadLetters();
    }

    [Fact]
    public async Task Backpressure_rejects_an_async_sender_after_the_push_timeout()
    {
        var (actor, gate, _) = BlockedActor("backpressure-short");
        for (var i = 1; i <= Capacity; i++)
        {
            await actor.TellAsync(i);
        }

        var error = await Assert.ThrowsAsync<MailboxFullException>(async () => await actor.TellAsync(6));
        Assert.Equal(OverflowPolicy.Backpressure, error.Policy);
        Assert.Equal(DeadLetterReason.MailboxFull, ExpectDeadLetter(d => d.Message is 6).Reason);
        await Assert.ThrowsAsync<MailboxFullException>(() => actor.Ask<int>(7));
        gate.SetResult();
    }

    [Fact]
    public void Backpressure_makes_a_synchronous_Tell_wait_at_most_the_push_timeout()
    {
        var (actor, gate, _) = BlockedActor("backpressure-short");
        var sender = CreateTestProbe();
        for (var i = 1; i <= Capacity; i++)
        {
            actor.Tell(i, sender.Ref);
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        actor.Tell(6, sender.Ref);
        started.Stop();

        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(10));
        Assert.IsType<MailboxFullException>(sender.ExpectMsg<Status.Failure>().Cause);
        ExpectDeadLetter(d => d.Message is 6);
        gate.SetResult();
    }

    [Fact]
    public async Task Backpressure_delivers_every_message_exactly_once_in_order_per_producer_under_many_producers()
    {
        const int producers = 16;
        const int perProducer = 2_000;
        var received = new ConcurrentBag<(int, int)>();
        var collector = Sys.ActorOf(Props.Create(() => new Collector(received)).WithMailbox("backpressure"));
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                await collector.TellAsync((p, i));
            }
        })));

        await AwaitConditionAsync(() => Task.FromResult(received.Count == producers * perProducer), TimeSpan.FromSeconds(30));
        Assert.Equal(producers * perProducer, received.Distinct().Count());
        ExpectNoDeadLetters();
    }

    [Fact]
    public async Task Reject_under_many_producers_accounts_for_every_message_as_delivered_or_rejected_never_both()
    {
        const int producers = 16;
        const int perProducer = 2_000;
        var received = new ConcurrentBag<(int, int)>();
        var rejected = new ConcurrentBag<(int, int)>();
        var collector = Sys.ActorOf(Props.Create(() => new Collector(received)).WithMailbox("reject-10"));
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                try
                {
                    await collector.TellAsync((p, i));
                }
                catch (MailboxFullException)
                {
                    rejected.Add((p, i));
                }
            }
        })));

        await AwaitConditionAsync(() => Task.FromResult(received.Count + rejected.Count == producers * perProducer), TimeSpan.FromSeconds(30));
        var delivered = received.ToHashSet();
        Assert.Equal(received.Count, delivered.Count);
        Assert.Empty(delivered.Intersect(rejected));
        Assert.Equal(producers * perProducer, delivered.Count + rejected.Count);
    }

    [Fact]
    public void System_messages_are_never_bounded_stop_works_on_a_full_mailbox_and_queued_messages_become_dead_letters()
    {
        var (actor, gate, _) = BlockedActor("reject");
        for (var i = 1; i <= Capacity; i++)
        {
            actor.Tell(i, null);
        }

        Watch(actor);
        Sys.Stop(actor);
        gate.SetResult();
        ExpectTerminated(actor);
        var deadLetters = Enumerable.Range(0, Capacity).Select(_ => ExpectDeadLetter(d => d.Reason == DeadLetterReason.RecipientTerminated)).ToArray();
        Assert.Equal([1, 2, 3, 4, 5], deadLetters.Select(d => (int)d.Message).Order());
    }
}
