namespace Actors.Tests.Scheduling;

public sealed class SchedulerTests : TestKit.TestKit
{
    [Fact]
    public void ScheduleTellOnce_sends_once_after_the_delay()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(100), TestActor, "later", null);
        ExpectMsg("later");
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(90), $"arrived after {started.Elapsed}");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void ScheduleTellRepeatedly_repeats_until_cancelled()
    {
        var task = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), TestActor, "tick", null);
        ReceiveN(3);
        task.Cancel();
        Assert.True(task.IsCancellationRequested);

        // Ticks sent before the cancel may still be queued (or one may be under way): drain them until the queue has
        // been quiet for five intervals; after that nothing may arrive for ten more.
        ReceiveWhile(_ => true, idle: TimeSpan.FromMilliseconds(100));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_cancelled_once_task_never_fires()
    {
        var task = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(50), TestActor, "never", null);
        task.Cancel();
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(-1), TestActor, "x", null));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.Zero, TestActor, "x", null));
    }

    [Fact]
    public void A_throwing_action_does_not_stop_a_repeating_schedule()
    {
        var runs = 0;
        var task = Sys.Scheduler.ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(10), () =>
        {
            if (Interlocked.Increment(ref runs) == 1)
            {
                throw new InvalidOperationException("first run fails");
            }
        });
        AwaitCondition(() => Volatile.Read(ref runs) >= 3);
        task.Cancel();
    }
}
