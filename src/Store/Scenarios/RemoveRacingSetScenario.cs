namespace Actors.Store.Scenarios;

/// <summary>5a. One thread removes keys while another inserts different ones.</summary>
public sealed class RemoveRacingSetScenario : Scenario
{
    public override int Number => 5;

    public override string Name => "remove-racing-set";

    public override string Title => "Remove racing set";

    public override string Explanation =>
        "A cleanup thread removes expired sessions while request threads add new ones; the two never touch the same key. " +
        "Removal threads the freed entry onto Dictionary's free list and an insert takes the head of that list, so a remove " +
        "and an insert running together can hand the same slot to two keys, lose the new key, or leave a removed key " +
        "reachable. The lab checks that every acknowledged insert is present and every acknowledged removal stayed removed.";

    public override async Task RunRoundAsync(ScenarioContext context)
    {
        var count = context.Size * 2;
        for (var i = 0; i < count; i++)
        {
            await context.SetAsync($"old/{i}", Value(i), expect: false);
        }

        await context.RunConcurrentlyAsync(2, async party =>
        {
            for (var i = 0; i < count; i++)
            {
                if (party == 0)
                {
                    await context.DeleteAsync($"old/{i}");
                }
                else
                {
                    await context.SetAsync($"new/{i}", Value(i));
                }
            }
        });
    }
}
