namespace Actors.Store.Scenarios;

/// <summary>4. Many inserts into a small map, from several writers at once, with a shared tally.</summary>
public sealed class ResizeBurstScenario : Scenario
{
    public override int Number => 4;

    public override string Name => "resize-burst";

    public override string Title => "Resize burst racing other writers";

    public override string Explanation =>
        "A map created small receives a burst of inserts from several writers at once (a cache warming up at start-up), and " +
        "each writer also bumps a shared \"inserted\" tally. Growing a Dictionary allocates new arrays and rehashes every " +
        "entry; a writer that inserts into the old arrays during the copy loses its entry, two resizes can interleave and " +
        "drop whole batches, and the tally's read-modify-write loses increments even when no resize happens. The lab " +
        "checks every acknowledged key and that the tally equals the acknowledged increments.";

    public override Task RunRoundAsync(ScenarioContext context) =>
        context.RunConcurrentlyAsync(context.Workers, async writer =>
        {
            for (var i = 0; i < context.Size; i++)
            {
                await context.SetAsync($"burst/{writer}/{i}", Value(i));
                if (i % 16 == 0)
                {
                    await context.IncrementAsync("inserted", 16);
                }
            }
        });
}
