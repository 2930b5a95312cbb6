using System.Diagnostics;
using System.Diagnostics.Metrics;
using Actors.Diagnostics;
using Actors.Supervision;

namespace Actors.Tests.Supervision;

public sealed class SupervisionTests : TestKit.TestKit
{
    private sealed record Fail(Exception Cause);

    /// <summary>Counts messages; reports lifecycle hooks to the monitor with its instance number.</summary>
    private sealed class Worker : ReceiveActor
    {
        private static int s_instances;
        private readonly int _instance = Interlocked.Increment(ref s_instances);
        private readonly IActorRef _monitor;
        private int _count;

        public Worker(IActorRef monitor)
        {
            _monitor = monitor;
            Receive<Fail>(f => throw f.Cause);
            Receive<string>(s => s == "count", _ => Sender.Tell(++_count, Self));
            Receive<string>(s => s == "instance", _ => Sender.Tell(_instance, Self));
        }

        protected override void PreStart() => _monitor.Tell($"PreStart {_instance}", Self);

        protected override void PostStop() => _monitor.Tell($"PostStop {_instance}", Self);

        protected override void PreRestart(Exception reason, object? message)
        {
            _monitor.Tell($"PreRestart {_instance} {reason.Message} {message?.GetType().Name}", Self);
            base.PreRestart(reason, message);
        }

        protected override void PostRestart(Exception reason)
        {
            _monitor.Tell($"PostRestart {_instance} {reason.Message}", Self);
            base.PostRestart(reason);
        }
    }

    private sealed class Supervisor : ReceiveActor
    {
        private readonly SupervisorStrategy _strategy;

        public Supervisor(SupervisorStrategy strategy, Props child, IActorRef monitor)
        {
            _strategy = strategy;
            Receive<string>(s => s == "create", _ => Sender.Tell(Context.ActorOf(child, "child"), Self));
            Receive<Fail>(f => throw f.Cause);
            _ = monitor;
        }

        protected override SupervisorStrategy SupervisorStrategy() => _strategy;
    }

    private sealed class FailingAtStart : ActorBase
    {
        public FailingAtStart() => throw new InvalidOperationException("cannot start");

        protected override bool Receive(object message) => true;
    }

    private IActorRef ChildUnder(SupervisorStrategy strategy, out IActorRef supervisor)
    {
        var child = Props.Create(() => new Worker(TestActor));
        supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(strategy, child, TestActor)));
        supervisor.Tell("create", TestActor);
        var childRef = ExpectMsg<IActorRef>();
        ExpectMsg<string>(s => s.StartsWith("PreStart", StringComparison.Ordinal));
        return childRef;
    }

    private int Count(IActorRef worker)
    {
        worker.Tell("count", TestActor);
        return ExpectMsg<int>();
    }

    [Fact]
    public void By_default_a_failing_actor_is_restarted_with_fresh_state_and_keeps_its_mailbox()
    {
        var worker = ChildUnder(SupervisorStrategy.Default, out _);
        Assert.Equal(1, Count(worker));
        Assert.Equal(2, Count(worker));

        worker.Tell(new Fail(new InvalidOperationException("oops")), TestActor);
        worker.Tell("count", TestActor);

        var preRestart = ExpectMsg<string>(s => s.StartsWith("PreRestart", StringComparison.Ordinal));
        Assert.EndsWith("oops Fail", preRestart);
        ExpectMsg<string>(s => s.StartsWith("PostStop", StringComparison.Ordinal));
        ExpectMsg<string>(s => s.StartsWith("PostRestart", StringComparison.Ordinal) && s.EndsWith("oops", StringComparison.Ordinal));
        ExpectMsg<string>(s => s.StartsWith("PreStart", StringComparison.Ordinal));
        Assert.Equal(1, ExpectMsg<int>());
    }

    [Fact]
    public void Resume_keeps_the_state()
    {
        var worker = ChildUnder(new OneForOneStrategy(_ => Directive.Resume), out _);
        Assert.Equal(1, Count(worker));
        worker.Tell(new Fail(new InvalidOperationException("ignored")), TestActor);
        Assert.Equal(2, Count(worker));
    }

    [Fact]
    public void Stop_stops_the_child()
    {
        var worker = ChildUnder(SupervisorStrategy.Stopping, out _);
        Watch(worker);
        worker.Tell(new Fail(new InvalidOperationException("fatal")), TestActor);
        ExpectMsg<string>(s => s.StartsWith("PostStop", StringComparison.Ordinal));
        ExpectTerminated(worker);
    }

    [Fact]
    public void Escalate_fails_the_supervisor_whose_own_supervisor_restarts_it_which_stops_the_child()
    {
        var worker = ChildUnder(new OneForOneStrategy(_ => Directive.Escalate), out var supervisor);
        Watch(worker);
        worker.Tell(new Fail(new InvalidOperationException("up")), TestActor);
        ExpectMsg<string>(s => s.StartsWith("PostStop", StringComparison.Ordinal));
        ExpectTerminated(worker);

        // The supervisor was restarted (not stopped) by the user guardian and works again.
        supervisor.Tell("create", TestActor);
        ExpectMsg<IActorRef>();
    }

    [Fact]
    public void More_restarts_than_allowed_within_the_window_stop_the_child()
    {
        var worker = ChildUnder(new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart), out _);
        Watch(worker);
        for (var failure = 1; failure <= 2; failure++)
        {
            worker.Tell(new Fail(new InvalidOperationException($"f{failure}")), TestActor);
            FishForMessage<string>(s => s.StartsWith("PreStart", StringComparison.Ordinal));
        }

        worker.Tell(new Fail(new InvalidOperationException("f3")), TestActor);
        FishForMessage<Terminated>(t => t.ActorRef.Equals(worker));
    }

    [Fact]
    public void Restart_statistics_follow_the_window_rules()
    {
        var second = Stopwatch.Frequency;
        var stats = new RestartStatistics();
        Assert.True(stats.RequestRestartPermission(2, TimeSpan.FromSeconds(1), 1 * second));
        Assert.True(stats.RequestRestartPermission(2, TimeSpan.FromSeconds(1), 1 * second + (second / 2)));
        Assert.False(stats.RequestRestartPermission(2, TimeSpan.FromSeconds(1), 1 * second + (second * 9 / 10)));

        // A failure after the window has passed opens a new window.
        Assert.True(stats.RequestRestartPermission(2, TimeSpan.FromSeconds(1), 3 * second));

        Assert.False(new RestartStatistics().RequestRestartPermission(0, Timeout.InfiniteTimeSpan, second));

        var lifetime = new RestartStatistics();
        Assert.True(lifetime.RequestRestartPermission(1, Timeout.InfiniteTimeSpan, second));
        Assert.False(lifetime.RequestRestartPermission(1, Timeout.InfiniteTimeSpan, 1000 * second));

        var unlimited = new RestartStatistics();
        Assert.All(Enumerable.Range(0, 100), i => Assert.True(unlimited.RequestRestartPermission(-1, Timeout.InfiniteTimeSpan, i * second)));
        Assert.Equal(100, unlimited.TotalRestarts);
    }

    [Fact]
    public void An_actor_that_fails_to_start_is_stopped()
    {
        var actor = Sys.ActorOf(Props.Create(() => new FailingAtStart()));
        Watch(actor);
        ExpectTerminated(actor);
    }

    [Fact]
    public void A_restarted_parent_can_recreate_children_with_the_same_names()
    {
        var worker = ChildUnder(SupervisorStrategy.Default, out var supervisor);
        Watch(worker);
        supervisor.Tell(new Fail(new InvalidOperationException("parent")), TestActor);
        FishForMessage<Terminated>(t => t.ActorRef.Equals(worker));
        supervisor.Tell("create", TestActor);
        var recreated = FishForMessage<IActorRef>();
        Assert.Equal(worker.Path, recreated.Path);
        Assert.NotEqual(worker, recreated);
    }

    [Fact]
    public void Restarts_are_counted_in_the_metrics()
    {
        long restarts = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ActorMetrics.MeterName && instrument.Name == "actors.restarts")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref restarts, value));
        listener.Start();

        var worker = ChildUnder(SupervisorStrategy.Default, out _);
        var before = Interlocked.Read(ref restarts);
        worker.Tell(new Fail(new InvalidOperationException("count me")), TestActor);
        FishForMessage<string>(s => s.StartsWith("PreStart", StringComparison.Ordinal));
        Assert.True(Interlocked.Read(ref restarts) - before >= 1);
    }

    [Fact]
    public async Task A_failure_is_published_on_the_event_stream()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<Events.ActorFailed>(probe.Ref);
        var worker = ChildUnder(SupervisorStrategy.Default, out _);
        worker.Tell(new Fail(new InvalidOperationException("published")), TestActor);
        var failed = await probe.ExpectMsgAsync<Events.ActorFailed>();
        Assert.Equal(worker, failed.Actor);
        Assert.Equal("published", failed.Cause.Message);
        Assert.IsType<Fail>(failed.Message);
    }
}
