namespace Actors.Store.Scenarios;

/// <summary>5b. One thread clears the map while others read and write it.</summary>
public sealed class ClearDuringReadsScenario : Scenario
{
    public override int Number => 6;

    public override string Name => "clear-during-reads";

    public override string Title => "Clear during reads";

    public override string Explanation =>
        "An admin endpoint clears a cache while requests keep reading and refilling it. Which reads find a value is " +
        "legitimately a matter of timing, so the lab does not judge them; it judges the map: a clear that runs through the " +
        "entries while readers and writers are inside them can throw in any of them and leave the count disagreeing with " +
        "the contents. After the round the lab compares the map's count with what a full scan finds, inspects the " +
        "dictionary's structure, and checks the keys written after the last clear.";

    public override async Task RunRoundAsync(ScenarioContext context)
    {
        var running = 1;
        await context.RunConcurrentlyAsync(context.Workers, async party =>
        {
            switch (party)
            {
                case 0:
                    for (var n = 0; n < 64; n++)
                    {
                        await context.ClearAsync();
                    }

                    Volatile.Write(ref running, 0);
                    break;
                case 1:
                    for (var n = 0; Volatile.Read(ref running) == 1; n++)
                    {
                        await context.SetAsync($"cache/{n % context.Size}", Value(n), expect: false);
                    }

                    break;
                default:
                    for (var n = party; Volatile.Read(ref running) == 1; n++)
                    {
                        await context.GetAsync($"cache/{n % context.Size}");
                    }

                    break;
            }
        });

        for (var i = 0; i < 64; i++)
        {
            await context.SetAsync($"after/{i}", Value(i));
        }
    }
}
