namespace Actors.Store.Scenarios;

/// <summary>7. Tasks record their completion in a shared map from their <c>finally</c> blocks.</summary>
public sealed class FinallyWritesScenario : Scenario
{
    public override int Number => 7;

    public override string Name => "finally-writes";

    public override string Title => "Writes from finally blocks as tasks exit";

    public override string Explanation =>
        "Each background job records that it finished — and bumps a \"finished\" count — in a finally block, the .NET form " +
        "of Go's deferred write. The finally blocks feel like cleanup that happens \"afterwards\", but jobs that finish " +
        "together run their finally blocks together, on different thread-pool threads, all writing one map. The lab checks " +
        "that every job's completion record is present and that the count equals the jobs that acknowledged it.";

    public override Task RunRoundAsync(ScenarioContext context)
    {
        var jobs = context.Workers * 64;
        return Task.WhenAll(Enumerable.Range(0, jobs).Select(job => Task.Run(async () =>
        {
            try
            {
                await Task.Yield();
                await context.GetAsync($"input/{job}");
            }
            finally
            {
                await context.SetAsync($"done/{job}", Value(job));
                for (var i = 0; i < 8; i++)
                {
                    await context.IncrementAsync("finished");
                }
            }
        })));
    }
}
