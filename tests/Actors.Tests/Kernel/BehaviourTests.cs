using Actors.Events;

namespace Actors.Tests.Kernel;

public sealed class BehaviourTests : TestKit.TestKit
{
    private sealed class Switch : ReceiveActor
    {
        public Switch()
        {
            Receive<string>(s => s == "on", _ => Become(On));
            Receive<string>(s => s == "stack", _ => BecomeStacked(On));
            Receive<string>(_ => Sender.Tell("off", Self));
        }

        private void On()
        {
            Receive<string>(s => s == "off", _ => Become(() => Receive<string>(_ => Sender.Tell("off again", Self))));
            Receive<string>(s => s == "pop", _ => UnbecomeStacked());
            Receive<string>(_ => Sender.Tell("on", Self));
        }
    }

    /// <summary>Stashes until "open", then processes everything in the original order.</summary>
    private sealed class Doorman : ReceiveActor
    {
        public Doorman()
        {
            Receive<string>(s => s == "open", _ =>
            {
                Become(() => Receive<int>(i => Sender.Tell(i, Self)));
                Stash.UnstashAll();
            });
            Receive<int>(_ => Stash.Stash());
        }
    }

    private sealed class Sleepy : ReceiveActor
    {
        public Sleepy(IActorRef monitor)
        {
            Context.SetReceiveTimeout(TimeSpan.FromMilliseconds(100));
            Receive<ReceiveTimeout>(_ => monitor.Tell("timeout", Self));
            Receive<string>(s => s == "off", _ =>
            {
                Context.SetReceiveTimeout(null);
                Sender.Tell("off-ack", Self);
            });
            Receive<string>(_ => { });
        }
    }

    /// <summary>Each message awaits, then records; order must be the order of arrival.</summary>
    private sealed class AsyncWorker : ReceiveActor
    {
        private int _inside;

        public AsyncWorker(IActorRef monitor)
        {
            ReceiveAsync<int>(async i =>
            {
                if (Interlocked.Increment(ref _inside) != 1)
                {
                    monitor.Tell("overlap", Self);
                }

                await Task.Delay(i % 3);
                await Task.Yield();
                Interlocked.Decrement(ref _inside);
                Sender.Tell(i, Self); // Sender is still the right one after awaits
            });
            ReceiveAsync<string>(async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("async failure");
            });
        }
    }

    [Fact]
    public void Become_replaces_and_BecomeStacked_pushes_behaviour()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Switch()));
        actor.Tell("ping");
        ExpectMsg("off");
        actor.Tell("on");
        actor.Tell("ping");
        ExpectMsg("on");
        actor.Tell("off");
        actor.Tell("ping");
        ExpectMsg("off again");

        var stacked = Sys.ActorOf(Props.Create(() => new Switch()));
        stacked.Tell("stack");
        stacked.Tell("ping");
        ExpectMsg("on");
        stacked.Tell("pop");
        stacked.Tell("ping");
        ExpectMsg("off");
    }

    [Fact]
    public void Stashed_messages_are_processed_in_order_after_unstash_and_before_newer_ones()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Doorman()));
        for (var i = 1; i <= 5; i++)
        {
            actor.Tell(i);
        }

        actor.Tell("open");
        actor.Tell(6);
        Assert.Equal([1, 2, 3, 4, 5, 6], ReceiveN(6).Cast<int>());
    }

    [Fact]
    public void Stashed_messages_become_dead_letters_when_the_actor_stops()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Doorman()));
        actor.Tell(1);
        actor.Tell(2);
        actor.Tell(PoisonPill.Instance);
        var letters = new[] { ExpectDeadLetter(), ExpectDeadLetter() };
        Assert.Equal([1, 2], letters.Select(d => (int)d.Message).Order());
        Assert.All(letters, d => Assert.Equal(DeadLetterReason.RecipientTerminated, d.Reason));
    }

    [Fact]
    public void Receive_timeout_fires_when_idle_repeats_and_can_be_turned_off()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Sleepy(TestActor)));
        ExpectMsg("timeout", TimeSpan.FromSeconds(5));
        ExpectMsg("timeout", TimeSpan.FromSeconds(5));
        actor.Tell("off");
        FishForMessage<string>(s => s == "off-ack");
        ExpectNoMsg(TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task Async_handlers_keep_order_never_overlap_and_keep_the_sender()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(TestActor)));
        for (var i = 0; i < 50; i++)
        {
            actor.Tell(i);
        }

        Assert.Equal(Enumerable.Range(0, 50), (await ReceiveNAsync(50, TimeSpan.FromSeconds(20))).Cast<int>());
    }

    [Fact]
    public async Task An_async_failure_is_a_failure_of_the_message()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(TestActor)));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => actor.Ask<int>("fail"));
        Assert.Equal("async failure", error.Message);
        Assert.Equal(7, await actor.Ask<int>(7));
    }

    [Fact]
    public void PoisonPill_stops_after_the_messages_before_it_and_later_ones_are_dead_letters()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Doorman()));
        Watch(actor);
        actor.Tell("open");
        actor.Tell(1);
        actor.Tell(PoisonPill.Instance);
        ExpectMsg(1);
        ExpectTerminated(actor);
        actor.Tell(2);
        Assert.Equal(DeadLetterReason.RecipientTerminated, ExpectDeadLetter(d => d.Message is 2).Reason);
    }

    [Fact]
    public void Kill_fails_the_actor_and_the_default_strategy_stops_it()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Doorman()));
        Watch(actor);
        actor.Tell(Kill.Instance);
        ExpectTerminated(actor);
    }

    [Fact]
    public void Handlers_cannot_be_registered_outside_the_constructor_or_Become()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LateRegistrar()));
        actor.Tell("register");
        var failure = ExpectMsg<string>();
        Assert.Contains("constructor", failure);
    }

    [Fact]
    public void An_actor_cannot_be_created_with_new()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Doorman());
        Assert.Contains("ActorOf", error.Message);
    }

    private sealed class LateRegistrar : ReceiveActor
    {
        public LateRegistrar()
        {
            Receive<string>(_ =>
            {
                try
                {
                    Receive<int>(_ => { });
                }
                catch (InvalidOperationException e)
                {
                    Sender.Tell(e.Message, Self);
                }
            });
        }
    }
}
