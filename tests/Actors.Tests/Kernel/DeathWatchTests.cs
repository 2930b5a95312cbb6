namespace Actors.Tests.Kernel;

public sealed class DeathWatchTests : TestKit.TestKit
{
    private sealed class Idle : ReceiveActor
    {
        public Idle() => ReceiveAny(_ => { });
    }

    /// <summary>Watches on request and reports every Terminated it gets.</summary>
    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef monitor)
        {
            Receive<(string Command, IActorRef Target)>(c =>
            {
                if (c.Command == "watch")
                {
                    Context.Watch(c.Target);
                    Context.Watch(c.Target); // twice: still one Terminated
                }
                else
                {
                    Context.Unwatch(c.Target);
                }

                Sender.Tell("ok", Self);
            });
            Receive<Terminated>(t => monitor.Tell(t, Self));
        }
    }

    private sealed class Unhandling : ReceiveActor
    {
        public Unhandling(IActorRef target) => Receive<string>(_ => Context.Watch(target));
    }

    [Fact]
    public void Terminated_is_delivered_exactly_once()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()));
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(("watch", target), TestActor);
        ExpectMsg("ok");

        Sys.Stop(target);
        Assert.Equal(target, ExpectMsg<Terminated>().ActorRef);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Watching_an_actor_that_is_already_dead_delivers_Terminated_at_once()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()));
        Watch(target);
        Sys.Stop(target);
        ExpectTerminated(target);

        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(("watch", target), TestActor);
        ExpectMsg("ok");
        Assert.Equal(target, ExpectMsg<Terminated>().ActorRef);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void After_Unwatch_no_Terminated_arrives()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()));
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(("watch", target), TestActor);
        ExpectMsg("ok");
        watcher.Tell(("unwatch", target), TestActor);
        ExpectMsg("ok");
        Sys.Stop(target);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Many_watchers_each_get_one_Terminated()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()));
        var probes = Enumerable.Range(0, 20).Select(_ => CreateTestProbe()).ToArray();
        foreach (var probe in probes)
        {
            probe.Watch(target);
        }

        target.Tell(PoisonPill.Instance, null);
        foreach (var probe in probes)
        {
            probe.ExpectTerminated(target);
            probe.ExpectNoMsg(TimeSpan.FromMilliseconds(20));
        }
    }

    [Fact]
    public void An_unhandled_Terminated_stops_the_watcher_with_a_death_pact()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()));
        var watcher = Sys.ActorOf(Props.Create(() => new Unhandling(target)));
        watcher.Tell("watch it", null);
        Watch(watcher);
        Sys.Stop(target);
        ExpectTerminated(watcher);
    }

    [Fact]
    public void Stopping_a_parent_stops_its_children_first()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Idle()), "parent");
        Watch(parent);
        Sys.Stop(parent);
        ExpectTerminated(parent);
    }
}
