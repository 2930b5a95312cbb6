using System.Collections.Concurrent;
using Actors.Events;
using Actors.Mailboxes;

namespace Actors.Tests.Mailboxes;

/// <summary>
/// A message that implements <see cref="INotifyUndelivered"/> is told, exactly once and before its dead letter is
/// published, whenever it will not be processed; a message that is processed (handled or not) is never told.
/// </summary>
public sealed class UndeliveredNotificationTests() : TestKit.TestKit(Settings)
{
    private const int Capacity = 3;

    private static readonly ActorSystemSettings Settings = new ActorSystemSettings()
        .WithMailbox("reject", MailboxSettings.Bounded(Capacity, OverflowPolicy.Reject))
        .WithMailbox("drop-oldest", MailboxSettings.Bounded(Capacity, OverflowPolicy.DropOldest));

    private sealed class Tracked(int id) : INotifyUndelivered
    {
        public int Id { get; } = id;

        public ConcurrentQueue<DeadLetterReason> Told { get; } = new();

        public void OnUndelivered(DeadLetterReason reason, UndeliveredMessageException failure)
        {
            Assert.Equal(reason, failure.Reason);
            Told.Enqueue(reason);
        }
    }

    private static Tracked[] Make(int count) => Enumerable.Range(1, count).Select(i => new Tracked(i)).ToArray();

    [Fact]
    public async Task A_refused_message_is_told_before_its_dead_letter_and_queued_ones_that_are_processed_never_are()
    {
        var (actor, gate, _) = GatedActor.StartBlocked(this, "reject");
        var messages = Make(Capacity + 2);
        foreach (var message in messages[..Capacity])
        {
            actor.Tell(message, null);
        }

        actor.Tell(messages[Capacity], null);
        await Assert.ThrowsAsync<MailboxFullException>(async () => await actor.TellAsync(messages[Capacity + 1]));

        foreach (var refused in messages[Capacity..])
        {
            ExpectDeadLetter(d => ReferenceEquals(d.Message, refused));
            Assert.Equal([DeadLetterReason.MailboxFull], refused.Told);
        }

        // The queued ones are processed (GatedActor does not handle them: unhandled is not undelivered). Once an
        // ask behind them is answered, they are all done with.
        gate.SetResult();
        await AwaitAssertAsync(async () => Assert.Equal(99, await actor.Ask<int>(99)));
        Assert.All(messages[..Capacity], m => Assert.Empty(m.Told));
    }

    [Fact]
    public void An_evicted_message_is_told_it_was_dropped()
    {
        var (actor, gate, _) = GatedActor.StartBlocked(this, "drop-oldest");
        var messages = Make(Capacity + 1);
        foreach (var message in messages)
        {
            actor.Tell(message, null);
        }

        ExpectDeadLetter(d => ReferenceEquals(d.Message, messages[0]));
        Assert.Equal([DeadLetterReason.DroppedOldest], messages[0].Told);
        Assert.All(messages[1..], m => Assert.Empty(m.Told));
        gate.SetResult();
    }

    [Fact]
    public async Task Messages_queued_when_the_recipient_stops_and_messages_sent_after_it_stopped_are_told_once()
    {
        var (actor, gate, _) = GatedActor.StartBlocked(this, "reject");
        var queued = Make(Capacity);
        foreach (var message in queued)
        {
            actor.Tell(message, null);
        }

        Watch(actor);
        Sys.Stop(actor);
        gate.SetResult();
        ExpectTerminated(actor);
        foreach (var message in queued)
        {
            ExpectDeadLetter(d => ReferenceEquals(d.Message, message));
        }

        var late = new Tracked(100);
        var lateAsync = new Tracked(101);
        actor.Tell(late, null);
        await actor.TellAsync(lateAsync);
        ExpectDeadLetter(d => ReferenceEquals(d.Message, late));
        ExpectDeadLetter(d => ReferenceEquals(d.Message, lateAsync));

        Assert.All(queued.Append(late).Append(lateAsync), m => Assert.Equal([DeadLetterReason.RecipientTerminated], m.Told));
    }
}
