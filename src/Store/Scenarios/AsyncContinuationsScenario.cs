namespace Actors.Store.Scenarios;

/// <summary>8. "Single logical flow" async code whose continuations actually run in parallel.</summary>
public sealed class AsyncContinuationsScenario : Scenario
{
    public override int Number => 8;

    public override string Name => "async-continuations";

    public override string Title => "Async continuations running in parallel";

    public override string Explanation =>
        "A request handler fans out with Task.WhenAll over lambdas that each await something and then write their result " +
        "into a local Dictionary. It reads like one sequential flow — one request, one method, one map — but after the " +
        "first await each lambda's continuation runs on whichever thread-pool thread is free, so the writes run in " +
        "parallel with nothing ordering them. The lab checks every acknowledged result.";

    public override Task RunRoundAsync(ScenarioContext context) =>
        Task.WhenAll(Enumerable.Range(0, context.Workers * 16).Select(async part =>
        {
            await Task.Yield();
            for (var i = 0; i < context.Size / 8; i++)
            {
                await context.SetAsync($"part/{part}/{i}", Value(i));
            }
        }));
}
