namespace Actors.Store.Scenarios;

/// <summary>12. A background task keeps writing after the request that started it has ended.</summary>
public sealed class FireAndForgetScenario : Scenario
{
    public override int Number => 12;

    public override string Name => "fire-and-forget";

    public override string Title => "Fire-and-forget task after the request ended";

    public override string Explanation =>
        "A request handler starts an audit write with `_ = Task.Run(...)` and returns. The handler is done, so its author " +
        "considers the map free — but the background task keeps writing while the next requests write and read the same " +
        "map (Go's goroutine leaked past its context's cancellation). Nothing awaits the task, so nothing reports its " +
        "failures either. The lab keeps a handle on the background tasks only to wait for them before checking that every " +
        "acknowledged audit record and request record is present.";

    public override async Task RunRoundAsync(ScenarioContext context)
    {
        for (var request = 0; request < context.Workers * 4; request++)
        {
            await HandleRequestAsync(context, request);
        }
    }

    private static async Task HandleRequestAsync(ScenarioContext context, int request)
    {
        // The audit trail is "not the request's problem": started and forgotten.
        context.Track(Task.Run(async () =>
        {
            for (var i = 0; i < context.Size / 4; i++)
            {
                await context.SetAsync($"audit/{request}/{i}", Value(i));
            }
        }));

        for (var i = 0; i < context.Size / 16; i++)
        {
            await context.SetAsync($"request/{request}/{i}", Value(i));
        }

        await context.ScanAsync($"audit/{request}/", 8);
    }
}
