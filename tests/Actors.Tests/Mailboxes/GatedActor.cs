namespace Actors.Tests.Mailboxes;

/// <summary>
/// Blocks on "block" (without holding a thread) until the gate opens, which lets a test fill its bounded mailbox;
/// reports every int it processes to the monitor and answers it to the sender.
/// </summary>
internal sealed class GatedActor : ReceiveActor
{
    /// <summary>Starts one with <paramref name="mailbox"/> and returns once it is blocked; open the gate to release it.</summary>
    public static (IActorRef Actor, TaskCompletionSource Gate, TestKit.TestProbe Monitor) StartBlocked(TestKit.TestKitBase kit, string mailbox)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var monitor = kit.CreateTestProbe();
        var actor = kit.Sys.ActorOf(Props.Create(() => new GatedActor(gate.Task, monitor.Ref)).WithMailbox(mailbox));
        actor.Tell("block", null);
        monitor.ExpectMsg("blocked");
        return (actor, gate, monitor);
    }

    public GatedActor(Task gate, IActorRef monitor)
    {
        ReceiveAsync<string>(
            async _ =>
            {
                monitor.Tell("blocked", Self);
                await gate;
            },
            m => m == "block");
        Receive<int>(i =>
        {
            monitor.Tell(i, Self);
            Sender.Tell(i, Self);
        });
    }
}
