namespace Actors.Store.Scenarios;

/// <summary>2. Readers look up keys that are certainly present while a writer grows the map.</summary>
public sealed class ReadDuringWriteScenario : Scenario
{
    public override int Number => 2;

    public override string Name => "read-during-write";

    public override string Title => "Read during write";

    public override string Explanation =>
        "A map is filled once, then read from several threads while one writer keeps inserting new keys. \"Only one thread " +
        "writes\" feels safe, but every insert may resize the map, replacing its buckets and entries arrays while a reader is " +
        "halfway through a lookup. A reader can then miss a key that was present all along, follow a stale index into the " +
        "wrong entry, or throw. Go reports \"concurrent map read and map write\". The lab counts reads of the pre-filled " +
        "keys that came back empty as lost, and exceptions as guard trips.";

    public override async Task RunRoundAsync(ScenarioContext context)
    {
        const int Seeds = 512;
        for (var i = 0; i < Seeds; i++)
        {
            await context.SetAsync($"seed/{i}", Value(i));
        }

        var writing = 1;
        await context.RunConcurrentlyAsync(context.Workers, async party =>
        {
            if (party == 0)
            {
                for (var i = 0; i < context.Size * 8; i++)
                {
                    await context.SetAsync($"new/{i}", Value(i));
                }

                Volatile.Write(ref writing, 0);
                return;
            }

            for (var n = party; Volatile.Read(ref writing) == 1; n++)
            {
                if (await context.GetAsync($"seed/{n % Seeds}") is { Found: false })
                {
                    context.MissedRead();
                }
            }
        });
    }
}
