using System.Diagnostics.Metrics;
using Actors.Dispatch;

namespace Actors.Tests.Dispatch;

using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.TestKit;

/// <summary>
/// Our bounded mailbox on Akka.NET: a full mailbox refuses (or, under drop-oldest, evicts) and answers every refused
/// message to its sender with <see cref="MailboxFullException"/> (publishing it as <see cref="Dropped"/> only when there
/// is no sender) and counts it;
/// nothing admitted is lost, order is kept, and persistent actors can use it.
/// </summary>
public sealed class BoundedAnsweringMailboxTests() : Akka.TestKit.Xunit2.TestKit(Hocon)
{
    private const string Hocon = """
        reject-two { mailbox-type = "Actors.Dispatch.BoundedAnsweringMailbox, Actors", mailbox-capacity = 2, overflow-policy = reject }
        drop-two { mailbox-type = "Actors.Dispatch.BoundedAnsweringMailbox, Actors", mailbox-capacity = 2, overflow-policy = drop-oldest }
        wait-two { mailbox-type = "Actors.Dispatch.BoundedAnsweringMailbox, Actors", mailbox-capacity = 2, overflow-policy = backpressure, mailbox-push-timeout-time = 300ms }
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    /// <summary>Blocks on its first message until released, then reports every message to the probe in order.</summary>
    private sealed class GatedActor : ReceiveActor
    {
        public GatedActor(SemaphoreSlim gate, IActorRef probe)
        {
            var first = true;
            ReceiveAny(message =>
            {
                if (first)
                {
                    first = false;
                    probe.Tell("blocked");
                    gate.Wait(TimeSpan.FromSeconds(30));
                }

                probe.Tell(message);
            });
        }
    }

    private (IActorRef Actor, SemaphoreSlim Gate, TestProbe Probe) StartBlocked(string mailbox)
    {
        var gate = new SemaphoreSlim(0);
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new GatedActor(gate, probe.Ref)).WithMailbox(mailbox));
        actor.Tell("first");
        probe.ExpectMsg("blocked");
        return (actor, gate, probe);
    }

    [Fact]
    public void A_full_mailbox_refuses_the_next_message_answering_its_sender_and_not_publishing_it_again()
    {
        var (actor, gate, probe) = StartBlocked("reject-two");
        var dropped = CreateTestProbe();
        Sys.EventStream.Subscribe(dropped.Ref, typeof(Dropped));
        var sender = CreateTestProbe();

        actor.Tell("a", sender.Ref);
        actor.Tell("b", sender.Ref);
        actor.Tell("c", sender.Ref);

        var failure = sender.ExpectMsg<Status.Failure>();
        var full = Assert.IsType<MailboxFullException>(failure.Cause);
        Assert.Equal(actor.Path.ToString(), full.Recipient);
        Assert.Equal(2, full.Capacity);
        Assert.Equal(MailboxOverflowPolicy.Reject, full.Policy);
        Assert.False(full.Evicted);
        Assert.Contains("capacity 2", full.Message);
        Assert.Contains(actor.Path.ToString(), full.Message);

        // The sender has it: the event stream does not carry it as well (under overload that is every message).
        dropped.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        gate.Release();
        probe.ExpectMsg("first");
        probe.ExpectMsg("a");
        probe.ExpectMsg("b");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        sender.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void A_refused_message_with_no_sender_to_answer_is_published_as_dropped_with_the_reason()
    {
        var (actor, gate, probe) = StartBlocked("reject-two");
        var dropped = CreateTestProbe();
        Sys.EventStream.Subscribe(dropped.Ref, typeof(Dropped));

        actor.Tell("a", ActorRefs.NoSender);
        actor.Tell("b", ActorRefs.NoSender);
        actor.Tell("c", ActorRefs.NoSender);

        var published = dropped.ExpectMsg<Dropped>();
        Assert.Equal("c", published.Message);
        Assert.Contains("capacity 2", published.Reason);
        Assert.Contains(actor.Path.ToString(), published.Reason);
        Assert.Same(actor, published.Recipient);

        gate.Release();
        probe.ExpectMsg("first");
        probe.ExpectMsg("a");
        probe.ExpectMsg("b");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task An_ask_to_a_full_mailbox_fails_with_the_reason_instead_of_timing_out()
    {
        var (actor, gate, _) = StartBlocked("reject-two");
        actor.Tell("a");
        actor.Tell("b");
        var error = await Assert.ThrowsAsync<MailboxFullException>(() => actor.Ask<string>("c", TimeSpan.FromSeconds(30)));
        Assert.Equal(typeof(string), error.MessageType);
        gate.Release();
    }

    [Fact]
    public void Drop_oldest_evicts_the_oldest_waiting_message_and_tells_its_sender()
    {
        var (actor, gate, probe) = StartBlocked("drop-two");
        var first = CreateTestProbe();
        var later = CreateTestProbe();
        actor.Tell("a", first.Ref);
        actor.Tell("b", later.Ref);
        actor.Tell("c", later.Ref);

        var evicted = Assert.IsType<MailboxFullException>(first.ExpectMsg<Status.Failure>().Cause);
        Assert.True(evicted.Evicted);
        Assert.Equal(MailboxOverflowPolicy.DropOldest, evicted.Policy);
        gate.Release();
        probe.ExpectMsg("first");
        probe.ExpectMsg("b");
        probe.ExpectMsg("c");
        later.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Backpressure_waits_for_room_up_to_the_push_timeout_then_refuses_and_answers()
    {
        var (actor, gate, probe) = StartBlocked("wait-two");
        var sender = CreateTestProbe();
        actor.Tell("a", sender.Ref);
        actor.Tell("b", sender.Ref);

        // No room comes within the push timeout: the send returns after waiting, refused and answered.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        actor.Tell("c", sender.Ref);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"the sender waited only {watch.Elapsed}");
        Assert.Equal(MailboxOverflowPolicy.Backpressure, Assert.IsType<MailboxFullException>(sender.ExpectMsg<Status.Failure>().Cause).Policy);

        // Room that comes within the timeout admits the message.
        var late = Task.Run(() => actor.Tell("d", sender.Ref));
        gate.Release();
        await late.WaitAsync(TimeSpan.FromSeconds(10));
        probe.ExpectMsg("first");
        probe.ExpectMsg("a");
        probe.ExpectMsg("b");
        probe.ExpectMsg("d");
        sender.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Every_refusal_is_counted_by_policy()
    {
        var counted = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MailboxMetrics.MeterName && instrument.Name == "actors.mailbox.rejections")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "policy")
                {
                    lock (counted)
                    {
                        counted[(string)tag.Value!] = counted.GetValueOrDefault((string)tag.Value!) + value;
                    }
                }
            }
        });
        listener.Start();

        var (actor, gate, _) = StartBlocked("reject-two");
        for (var i = 0; i < 5; i++)
        {
            actor.Tell(i);
        }

        gate.Release();
        lock (counted)
        {
            Assert.True(counted.GetValueOrDefault("reject") >= 3, $"counted {counted.GetValueOrDefault("reject")} refusals");
        }
    }

    private sealed class Counter(string id, IActorRef probe) : UntypedPersistentActor
    {
        private int _total;

        public override string PersistenceId => id;

        protected override void OnRecover(object message)
        {
            if (message is int n)
            {
                _total += n;
            }
        }

        protected override void OnCommand(object message)
        {
            if (message is int n)
            {
                Persist(n, persisted =>
                {
                    _total += persisted;
                    probe.Tell(_total);
                });
            }
        }
    }

    [Fact]
    public void A_persistent_actor_runs_on_it_and_recovers_through_it_though_the_replay_outnumbers_the_capacity()
    {
        // Persist stashes the commands that arrive meanwhile and puts them back in front; recovery replays more
        // events than the mailbox holds: the journal's messages are Akka's own and never refused.
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Counter("counter-1", probe.Ref)).WithMailbox("drop-two"));
        for (var i = 1; i <= 5; i++)
        {
            actor.Tell(i);
            probe.ExpectMsg(i * (i + 1) / 2);
        }

        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        var recovered = Sys.ActorOf(Props.Create(() => new Counter("counter-1", probe.Ref)).WithMailbox("reject-two"));
        recovered.Tell(6);
        probe.ExpectMsg(21);
    }

    [Theory]
    [InlineData("mailbox-capacity = 0", "at least 1")]
    [InlineData("overflow-policy = sometimes", "reject, backpressure, drop-oldest")]
    [InlineData("mailbox-push-timeout-time = -1s", "a duration of zero or more")]
    public void Bad_settings_are_a_clear_error(string setting, string expected)
    {
        var config = ConfigurationFactory.ParseString($"mailbox-capacity = 5\n{setting}");
        var error = Assert.Throws<ConfigurationException>(() => new BoundedAnsweringMailbox(Sys.Settings, config));
        Assert.Contains(expected, error.Message);
    }
}
