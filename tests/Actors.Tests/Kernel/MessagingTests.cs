using Actors.Events;
using Actors.TestKit;

namespace Actors.Tests.Kernel;

public sealed class MessagingTests : TestKit.TestKit
{
    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m, Self));
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(List<(int Producer, int Sequence)> log, IActorRef done, int expected)
        {
            Receive<(int Producer, int Sequence)>(item =>
            {
                log.Add(item);
                if (log.Count == expected)
                {
                    done.Tell("done", Self);
                }
            });
        }
    }

    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }

    private sealed class Failing : ReceiveActor
    {
        public Failing()
        {
            Receive<string>(_ => Sender.Tell(new Status.Failure(new InvalidOperationException("no such key")), Self));
            Receive<int>(_ => throw new ArithmeticException("boom"));
        }
    }

    private sealed class Forwarder(IActorRef target) : ActorBase
    {
        protected override bool Receive(object message)
        {
            target.Forward(message);
            return true;
        }
    }

    [Fact]
    public async Task Messages_from_one_sender_arrive_in_the_order_they_were_sent_across_concurrent_senders()
    {
        const int producers = 8;
        const int perProducer = 20_000;
        var log = new List<(int, int)>();
        var recorder = Sys.ActorOf(Props.Create(() => new Recorder(log, TestActor, producers * perProducer)));

        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                recorder.Tell((p, i), null);
            }
        })));

        await ExpectMsgAsync("done", TimeSpan.FromSeconds(20));
        var next = new int[producers];
        foreach (var (producer, sequence) in log)
        {
            Assert.Equal(next[producer], sequence);
            next[producer]++;
        }

        Assert.All(next, n => Assert.Equal(perProducer, n));
    }

    [Fact]
    public async Task Ask_completes_with_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        Assert.Equal("pong", await echo.Ask<string>("pong"));
    }

    [Fact]
    public async Task Ask_without_reply_times_out_with_an_exception_naming_target_and_timeout()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Silent()), "silent");
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<string>("anyone?", TimeSpan.FromMilliseconds(100)));
        Assert.Contains("/user/silent", error.Message);
        Assert.Contains("100 ms", error.Message);
        Assert.Equal(TimeSpan.FromMilliseconds(100), error.Timeout);
    }

    [Fact]
    public async Task Ask_uses_the_configured_default_timeout()
    {
        await using var system = ActorSystem.Create("short-ask", new ActorSystemSettings { AskTimeout = TimeSpan.FromMilliseconds(50) });
        var silent = system.ActorOf(Props.Create(() => new Silent()));
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<string>("anyone?"));
        Assert.Equal(TimeSpan.FromMilliseconds(50), error.Timeout);
    }

    [Fact]
    public void The_default_ask_timeout_is_finite()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), new ActorSystemSettings().AskTimeout);
    }

    [Fact]
    public async Task A_failure_reply_faults_the_ask_with_its_cause()
    {
        var failing = Sys.ActorOf(Props.Create(() => new Failing()));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Ask<string>("get"));
        Assert.Equal("no such key", error.Message);
    }

    [Fact]
    public async Task An_exception_in_the_target_faults_the_ask_at_once_instead_of_timing_out()
    {
        var failing = Sys.ActorOf(Props.Create(() => new Failing()));
        var error = await Assert.ThrowsAsync<ArithmeticException>(() => failing.Ask<string>(1, TimeSpan.FromSeconds(30)));
        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public async Task Ask_honours_cancellation()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Silent()));
        using var cancellation = new CancellationTokenSource();
        var ask = silent.Ask<string>("anyone?", TimeSpan.FromSeconds(30), cancellation.Token);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    [Fact]
    public async Task Ask_with_an_already_cancelled_token_is_cancelled_and_sends_nothing()
    {
        var probe = CreateTestProbe();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.Ref.Ask<string>("x", cancellationToken: new CancellationToken(true)));
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task A_reply_of_the_wrong_type_faults_the_ask_with_a_clear_message()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        var error = await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<int>("text"));
        Assert.Contains("Ask<Int32>", error.Message);
        Assert.Contains("String", error.Message);
    }

    [Fact]
    public async Task A_late_reply_goes_to_dead_letters()
    {
        var probe = CreateTestProbe();
        var ask = probe.Ref.Ask<string>("question", TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
        await probe.ExpectMsgAsync("question");
        probe.Reply("too late");
        var deadLetter = await ExpectDeadLetterAsync(d => d.Message is "too late");
        Assert.Equal(DeadLetterReason.AskAlreadyCompleted, deadLetter.Reason);
        Assert.Contains("timed out", deadLetter.Detail);
    }

    [Fact]
    public async Task Ask_to_a_terminated_actor_fails_at_once_and_is_a_dead_letter()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        Watch(echo);
        Sys.Stop(echo);
        await ExpectTerminatedAsync(echo);

        await Assert.ThrowsAsync<RecipientTerminatedException>(() => echo.Ask<string>("anyone?", TimeSpan.FromSeconds(30)));
        var deadLetter = await ExpectDeadLetterAsync(d => d.Message is "anyone?");
        Assert.Equal(DeadLetterReason.RecipientTerminated, deadLetter.Reason);
    }

    [Fact]
    public void Tell_without_a_sender_from_outside_an_actor_uses_the_implicit_sender()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        echo.Tell("implicit");
        ExpectMsg("implicit");
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var target = CreateTestProbe();
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(target.Ref)));
        forwarder.Tell("via", TestActor);
        target.ExpectMsg("via");
        Assert.Equal(TestActor, target.LastSender);
    }

    [Fact]
    public void Forward_outside_an_actor_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestActor.Forward("x"));
        Assert.Contains("Forward", error.Message);
    }

    [Fact]
    public void Replying_to_a_message_without_sender_is_a_dead_letter()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        echo.Tell("orphan", null);
        var deadLetter = ExpectDeadLetter(d => d.Message is "orphan");
        Assert.Equal(DeadLetterReason.NoRecipient, deadLetter.Reason);
    }

    [Fact]
    public void Unhandled_messages_are_published()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<UnhandledMessage>(probe.Ref);
        var silentForStrings = Sys.ActorOf(Props.Create(() => new Failing()));
        silentForStrings.Tell(3.14, null);
        var unhandled = probe.ExpectMsg<UnhandledMessage>();
        Assert.Equal(3.14, unhandled.Message);
        Assert.Equal(silentForStrings, unhandled.Recipient);
    }
}
