using Actors;
using Actors.Shutdown;

// Prints what the coordinated shutdown does when the process receives SIGTERM.
var system = ActorSystem.Create("signal-probe");
system.ActorOf(Props.Create(() => new Reporter()), "reporter");
system.CoordinatedShutdown.AddTask(CoordinatedShutdown.Phases.Flush, "report-flush", _ =>
{
    Console.WriteLine("flush");
    return Task.CompletedTask;
});
Console.WriteLine("ready");
await Task.Delay(Timeout.Infinite);

internal sealed class Reporter : ActorBase
{
    protected override bool Receive(object message) => true;

    protected override void PostStop() => Console.WriteLine("PostStop");
}
