using Actors.Events;
using Xunit.Sdk;

namespace Actors.TestKit.Tests;

public sealed class TestKitTests : TestKit
{
    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m, Self));
    }

    [Fact]
    public void ExpectMsg_by_type_predicate_assertion_and_value()
    {
        TestActor.Tell(1, null);
        Assert.Equal(1, ExpectMsg<int>());
        TestActor.Tell(2, null);
        ExpectMsg<int>(i => i == 2);
        TestActor.Tell("three", null);
        ExpectMsg<string>(s => Assert.Equal("three", s));
        TestActor.Tell("four", null);
        ExpectMsg("four");
    }

    [Fact]
    public void ExpectMsg_fails_with_a_message_that_says_what_was_expected_and_what_came()
    {
        TestActor.Tell(1, null);
        var wrongType = Assert.Throws<XunitException>(() => ExpectMsg<string>());
        Assert.Contains("Expected a message of type String", wrongType.Message);
        Assert.Contains("Int32", wrongType.Message);

        var none = Assert.Throws<XunitException>(() => ExpectMsg<string>(TimeSpan.FromMilliseconds(20)));
        Assert.Contains("none arrived", none.Message);

        TestActor.Tell(5, null);
        var unsatisfied = Assert.Throws<XunitException>(() => ExpectMsg<int>(i => i > 10, hint: "more than ten"));
        Assert.Contains("more than ten", unsatisfied.Message);
    }

    [Fact]
    public void ExpectNoMsg_passes_on_silence_and_fails_on_a_message()
    {
        ExpectNoMsg(TimeSpan.FromMilliseconds(30));
        TestActor.Tell("noise", null);

        // A generous window: ExpectNoMsg fails as soon as the message arrives, however loaded the machine is.
        Assert.Throws<XunitException>(() => ExpectNoMsg(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void ReceiveN_returns_messages_in_order_and_fails_when_too_few()
    {
        for (var i = 0; i < 5; i++)
        {
            TestActor.Tell(i, null);
        }

        Assert.Equal([0, 1, 2, 3, 4], ReceiveN(5).Cast<int>());
        TestActor.Tell(9, null);
        var error = Assert.Throws<XunitException>(() => ReceiveN(2, TimeSpan.FromMilliseconds(50)));
        Assert.Contains("only 1 arrived", error.Message);
    }

    [Fact]
    public void FishForMessage_skips_until_the_one()
    {
        foreach (var m in new object[] { "a", 1, "b", 42 })
        {
            TestActor.Tell(m, null);
        }

        Assert.Equal(42, FishForMessage<int>(i => i > 10));
        Assert.Throws<XunitException>(() => FishForMessage(m => m is double, TimeSpan.FromMilliseconds(30)));
    }

    [Fact]
    public void The_test_actor_is_the_implicit_sender_and_LastSender_is_tracked()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        echo.Tell("hi");
        ExpectMsg("hi");
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public void Probes_are_independent_and_can_reply()
    {
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        a.Send(b.Ref, "to b");
        b.ExpectMsg("to b");
        Assert.Equal(a.Ref, b.LastSender);
        b.Reply("back");
        a.ExpectMsg("back");
        a.ExpectNoMsg(TimeSpan.FromMilliseconds(20));
        ExpectNoMsg(TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public void ExpectTerminated_sees_a_watched_actor_stop()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        Watch(echo);
        echo.Tell(PoisonPill.Instance);
        Assert.Equal(echo, ExpectTerminated(echo).ActorRef);
    }

    [Fact]
    public void Within_bounds_the_block_and_expectations_inside_use_the_time_left()
    {
        Within(TimeSpan.FromSeconds(2), () =>
        {
            TestActor.Tell("fast", null);
            ExpectMsg("fast");
        });

        var tooSlow = Assert.Throws<XunitException>(() => Within(TimeSpan.FromMilliseconds(50), () => ExpectMsg<string>()));
        Assert.Contains("none arrived", tooSlow.Message);

        var tooFast = Assert.Throws<XunitException>(() => Within(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), () => { }));
        Assert.Contains("sooner than the minimum", tooFast.Message);
    }

    [Fact]
    public void AwaitCondition_and_AwaitAssert_wait_for_a_state_and_fail_clearly_when_it_never_comes()
    {
        var flag = 0;
        Task.Run(async () =>
        {
            await Task.Delay(20);
            Volatile.Write(ref flag, 1);
        });
        AwaitCondition(() => Volatile.Read(ref flag) == 1);
        AwaitAssert(() => Assert.Equal(1, Volatile.Read(ref flag)));

        var never = Assert.Throws<XunitException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(50), message: "the impossible"));
        Assert.Contains("the impossible", never.Message);
        var lastFailure = Assert.ThrowsAny<Exception>(() => AwaitAssert(() => Assert.Equal(2, 3), TimeSpan.FromMilliseconds(50)));
        Assert.Contains("Assert.Equal", lastFailure.Message);
    }

    [Fact]
    public void ExpectDeadLetter_sees_undelivered_messages()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        Watch(echo);
        Sys.Stop(echo);
        ExpectTerminated(echo);
        echo.Tell("lost");
        var letter = ExpectDeadLetter(d => d.Message is "lost");
        Assert.Equal(DeadLetterReason.RecipientTerminated, letter.Reason);
        ExpectNoDeadLetters(TimeSpan.FromMilliseconds(30));
    }

    [Fact]
    public void ReceiveWhile_collects_until_silence()
    {
        for (var i = 0; i < 3; i++)
        {
            TestActor.Tell(i, null);
        }

        Assert.Equal(3, ReceiveWhile(m => m is int, idle: TimeSpan.FromMilliseconds(50)).Count);
    }
}

public sealed class TestKitSettingsTests
{
    [Fact]
    public void Timeouts_are_dilated_by_the_time_factor()
    {
        var settings = new TestKitSettings { TimeFactor = 2.5 };
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Dilated(TimeSpan.FromSeconds(2)));
        Assert.Equal(Timeout.InfiniteTimeSpan, settings.Dilated(Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Defaults_follow_Akka()
    {
        var settings = new TestKitSettings();
        Assert.Equal(1.0, settings.TimeFactor);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.SingleExpectDefault);
        Assert.Equal(TimeSpan.FromMilliseconds(100), settings.ExpectNoMessageDefault);
    }
}

public sealed class DilatedTestKitTests() : TestKit(testKitSettings: new TestKitSettings { TimeFactor = 3 })
{
    [Fact]
    public void The_default_expectation_timeout_is_dilated()
    {
        Assert.Equal(TimeSpan.FromSeconds(9), RemainingOrDefault);
        var error = Assert.Throws<XunitException>(() => ExpectMsg<string>(TimeSpan.FromMilliseconds(10)));
        Assert.Contains("time factor 3", error.Message);
    }
}
