using System.Diagnostics;
using Actors.Dispatch;

namespace Actors.Tests.Dispatch;

public sealed class DispatcherTests() : TestKit.TestKit(Settings)
{
    private static readonly ActorSystemSettings Settings = new ActorSystemSettings()
        .WithDispatcher("three-per-turn", new DispatcherSettings { Throughput = 3 })
        .WithDispatcher("three-per-turn-probed", new DispatcherSettings { Throughput = 3 })
        .WithDispatcher("deadline", new DispatcherSettings { Throughput = 1000, ThroughputDeadline = TimeSpan.FromMilliseconds(20) });

    /// <summary>
    /// Holds its first turn on a gate while the test fills the mailbox; then records, for each message, which turn of
    /// its mailbox processed it and which pool execution ran that turn, working <c>work</c> on each.
    /// </summary>
    private sealed class TurnRecorder(ManualResetEventSlim gate, TimeSpan work) : ActorBase
    {
        private readonly List<(long Turn, long Execution)> _records = [];

        protected override bool Receive(object message)
        {
            switch (message)
            {
                case "gate":
                    gate.Wait(TimeSpan.FromSeconds(30));
                    return true;
                case "report":
                    Sender.Tell(_records.ToArray(), Self);
                    return true;
            }

            var mailbox = ((LocalActorRef)Self).Cell.Mailbox;
            _records.Add((mailbox.UserTurns, mailbox.Executions));
            var spin = Stopwatch.StartNew();
            while (spin.Elapsed < work)
            {
                Thread.SpinWait(100);
            }

            return true;
        }
    }

    /// <summary>Fails the test if two threads are ever inside it at once.</summary>
    private sealed class ExclusivityChecker : ActorBase
    {
        private int _inside;
        private long _count;

        public static int Violations;

        protected override bool Receive(object message)
        {
            if (Interlocked.Increment(ref _inside) != 1)
            {
                Interlocked.Increment(ref Violations);
            }

            // A plain, unsynchronised read-modify-write: it only adds up if the actor is exclusive.
            _count++;
            if (message is "count")
            {
                Sender.Tell(_count, Self);
            }

            Interlocked.Decrement(ref _inside);
            return true;
        }
    }

    /// <summary>
    /// Queues <paramref name="messages"/> behind a gate, so that turns are full, and returns each one's turn and
    /// execution; <paramref name="otherWorkWaiting"/>, if given, replaces the dispatcher's look at the pool.
    /// </summary>
    private async Task<(long Turn, long Execution)[]> RunBacklog(string dispatcher, int messages, TimeSpan work, bool? otherWorkWaiting = null)
    {
        using var gate = new ManualResetEventSlim(false);
        var actor = Sys.ActorOf(Props.Create(() => new TurnRecorder(gate, work)).WithDispatcher(dispatcher));
        if (otherWorkWaiting is { } waiting)
        {
            ((LocalActorRef)actor).Cell.Mailbox.Dispatcher.OtherWorkWaiting = () => waiting;
        }

        actor.Tell("gate", null);
        for (var i = 0; i < messages; i++)
        {
            actor.Tell(i, null);
        }

        actor.Tell("report", TestActor);
        gate.Set();
        return await ExpectMsgAsync<(long Turn, long Execution)[]>(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_turn_processes_at_most_throughput_messages()
    {
        var turns = (await RunBacklog("three-per-turn", 30, TimeSpan.Zero)).Select(r => r.Turn).ToArray();
        Assert.Equal(30, turns.Length);
        Assert.All(turns.GroupBy(t => t), g => Assert.InRange(g.Count(), 1, 3));
        Assert.True(turns.Distinct().Count() >= 10);
    }

    [Fact]
    public async Task A_turn_ends_after_the_message_that_crosses_its_deadline()
    {
        // 5 ms of work per message and a 20 ms deadline: a turn can never hold more than 5 messages (4 inside the
        // deadline plus the one that crosses it), although throughput alone would allow 1000. Preemption can only
        // shorten a turn, so the bound holds on a loaded machine too.
        var turns = (await RunBacklog("deadline", 40, TimeSpan.FromMilliseconds(5))).Select(r => r.Turn).ToArray();
        Assert.Equal(40, turns.Length);
        Assert.All(turns.GroupBy(t => t), g => Assert.InRange(g.Count(), 1, 5));
    }

    [Fact]
    public async Task With_nothing_else_waiting_for_the_pool_the_next_turn_keeps_the_thread()
    {
        var records = await RunBacklog("three-per-turn-probed", 30, TimeSpan.Zero, otherWorkWaiting: false);
        Assert.Equal(30, records.Length);
        Assert.All(records.GroupBy(r => r.Turn), turn => Assert.InRange(turn.Count(), 1, 3)); // turns still end at 3
        Assert.Single(records.Select(r => r.Execution).Distinct()); // but all ran in the gate's execution
    }

    [Fact]
    public async Task With_other_work_waiting_for_the_pool_every_turn_gives_the_thread_back()
    {
        var records = await RunBacklog("three-per-turn-probed", 30, TimeSpan.Zero, otherWorkWaiting: true);
        Assert.Equal(30, records.Length);
        var turns = records.GroupBy(r => r.Turn).ToArray();
        Assert.All(turns, turn => Assert.Single(turn.Select(r => r.Execution).Distinct()));
        Assert.Equal(turns.Length, records.Select(r => r.Execution).Distinct().Count()); // one execution per turn
        Assert.True(turns.Length >= 10);
    }

    [Fact]
    public void Throughput_and_deadline_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new ActorSystemSettings().WithDispatcher("x", new DispatcherSettings { Throughput = 0 }));
        Assert.Throws<ArgumentException>(() => new ActorSystemSettings().WithDispatcher("x", new DispatcherSettings { ThroughputDeadline = TimeSpan.FromSeconds(-1) }));
    }

    [Fact]
    public void An_unknown_dispatcher_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => Sys.ActorOf(Props.Create(() => new ExclusivityChecker()).WithDispatcher("nope")));
        Assert.Contains("Unknown dispatcher 'nope'", error.Message);
        Assert.Contains("default-dispatcher", error.Message);
    }

    [Fact]
    public async Task An_actor_never_runs_on_two_threads_at_once_under_heavy_concurrent_load()
    {
        ExclusivityChecker.Violations = 0;
        var actors = Enumerable.Range(0, 4).Select(_ => Sys.ActorOf(Props.Create(() => new ExclusivityChecker()))).ToArray();
        const int perProducer = 50_000;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                actors[(i + p) % actors.Length].Tell(i, null);
            }
        })));

        long total = 0;
        foreach (var actor in actors)
        {
            total += await actor.Ask<long>("count", TimeSpan.FromSeconds(30));
        }

        Assert.Equal(0, Volatile.Read(ref ExclusivityChecker.Violations));
        Assert.Equal((8 * perProducer) + actors.Length, total);
    }
}
