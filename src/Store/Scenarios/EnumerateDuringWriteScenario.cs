namespace Actors.Store.Scenarios;

/// <summary>3. One thread enumerates the map while another writes it.</summary>
public sealed class EnumerateDuringWriteScenario : Scenario
{
    public override int Number => 3;

    public override string Name => "enumerate-during-write";

    public override string Title => "Enumerate (foreach) during write";

    public override string Explanation =>
        "A reporting thread walks the whole map with foreach (here: a scan) while a request thread keeps adding entries. " +
        "Dictionary's enumerator carries a version number and throws \"Collection was modified; enumeration operation may " +
        "not execute\" when it notices a change — but it only notices on its next step, it is not thread-safe itself, and " +
        "that check is the only guard: the writes themselves are unprotected. Go reports \"concurrent map iteration and map " +
        "write\". Snapshotting maps (cow, ConcurrentDictionary) enumerate a moving or frozen view without error.";

    public override async Task RunRoundAsync(ScenarioContext context)
    {
        var writing = 1;
        await context.RunConcurrentlyAsync(2, async party =>
        {
            if (party == 0)
            {
                for (var i = 0; i < context.Size * 4; i++)
                {
                    await context.SetAsync($"item/{i}", Value(i));
                }

                Volatile.Write(ref writing, 0);
                return;
            }

            while (Volatile.Read(ref writing) == 1)
            {
                await context.ScanAsync("item/");
            }
        });
    }
}
