namespace Actors.Benchmarks;

/// <summary>DESIGN.md 8a: the managed heap an idle actor costs, measured over a million of them.</summary>
internal static class IdleActorMemory
{
    public static int Run(int count)
    {
        var system = ActorSystem.Create("memory");
        var refs = new IActorRef[count];
        var props = Props.Create(() => new IdleActor());
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++)
        {
            refs[i] = system.ActorOf(props);
        }

        // Let every actor process its Create, so what is measured is an actor at rest.
        while (refs.Any(r => !((LocalActorRef)r).Cell.Mailbox.IsIdle))
        {
            Thread.Sleep(50);
        }

        var idle = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"{count:N0} idle actors: {(idle - before) / (double)count:F0} bytes each (managed heap, GC.GetTotalMemory(true) before and after)");

        var message = new object();
        foreach (var actor in refs)
        {
            actor.Tell(message, null);
        }

        while (refs.Any(r => !((LocalActorRef)r).Cell.Mailbox.IsIdle))
        {
            Thread.Sleep(50);
        }

        var messaged = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"{count:N0} actors that have each processed one message: {(messaged - before) / (double)count:F0} bytes each (the mailbox queue is created on the first message)");
        GC.KeepAlive(refs);
        system.Terminate().Wait();
        return 0;
    }

    private sealed class IdleActor : ActorBase
    {
        protected override bool Receive(object message) => true;
    }
}
