namespace Actors.Store.Scenarios;

/// <summary>14. Parallel.For and PLINQ bodies, timer callbacks and event handlers writing the map.</summary>
public sealed class CallbacksScenario : Scenario
{
    public override int Number => 14;

    public override string Name => "callbacks";

    public override string Title => "Parallel.For, PLINQ, timer and event-handler callbacks";

    public override string Explanation =>
        "Callbacks hide their threads: a Parallel.For body and a PLINQ ForAll run on several threads by design, a " +
        "System.Threading.Timer callback runs on the thread pool (and overlaps itself when slow), and an event handler runs " +
        "on whatever thread raised the event. Code written in these bodies often looks like a plain loop or a plain method " +
        "over one map. The lab runs all four at once against one map and checks each write and the shared counter.";

    public override async Task RunRoundAsync(ScenarioContext context)
    {
        var n = context.Size;
        var ticks = 0;
        var timerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = new Timer(
            _ =>
            {
                var tick = Interlocked.Increment(ref ticks);
                if (tick <= 8)
                {
                    context.Track(context.SetAsync($"timer/{tick}", Value(tick)));
                    context.Track(context.IncrementAsync("callbacks"));
                }
                else
                {
                    timerDone.TrySetResult();
                }
            },
            null,
            TimeSpan.Zero,
            TimeSpan.FromMilliseconds(1));

        var publisher = new Publisher();
        publisher.Changed += (_, item) =>
        {
            context.Track(context.SetAsync($"event/{item}", Value(item)));
            context.Track(context.IncrementAsync("callbacks"));
        };

        await Task.WhenAll(
            Parallel.ForAsync(0, n, async (i, _) => await context.SetAsync($"parallel/{i}", Value(i))),
            Task.Run(() => Enumerable.Range(0, n).AsParallel().ForAll(i => context.Track(context.SetAsync($"plinq/{i}", Value(i))))),
            Task.Run(() => Parallel.For(0, n, publisher.Raise)),
            timerDone.Task);
    }

    private sealed class Publisher
    {
        public event EventHandler<int>? Changed;

        public void Raise(int item) => Changed?.Invoke(this, item);
    }
}
