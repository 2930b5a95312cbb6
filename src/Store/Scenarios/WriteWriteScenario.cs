namespace Actors.Store.Scenarios;

/// <summary>1. Two tasks write one map with no synchronisation.</summary>
public sealed class WriteWriteScenario : Scenario
{
    public override int Number => 1;

    public override string Name => "write-write";

    public override string Title => "Write/write from two tasks";

    public override string Explanation =>
        "Two tasks insert their own keys into one shared map at the same time, with no lock. Their keys never collide, so a " +
        "careless reader of the code sees no conflict — but both writers update the same buckets array, entry count and free " +
        "list. A plain Dictionary sometimes notices (InvalidOperationException: \"Operations that change non-concurrent " +
        "collections must have exclusive access\"), and far more often silently drops one writer's entry when both claim " +
        "the same slot or one resizes under the other. Go kills the process here with \"concurrent map writes\". The lab " +
        "reads every acknowledged key back.";

    public override Task RunRoundAsync(ScenarioContext context) =>
        context.RunConcurrentlyAsync(2, async writer =>
        {
            for (var i = 0; i < context.Size * 2; i++)
            {
                await context.SetAsync($"w{writer}/{i}", Value(i));
            }
        });
}
