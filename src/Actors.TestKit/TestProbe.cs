namespace Actors.TestKit;

/// <summary>
/// An extra test actor with its own message queue and expectations: stand it in for a collaborator, as a sender, or
/// as a watcher. Pass <see cref="Ref"/> wherever an <see cref="IActorRef"/> is expected.
/// </summary>
public sealed class TestProbe : TestKitBase
{
    private static long s_nextId;

    internal TestProbe(ActorSystem system, TestKitSettings settings, string? name)
        : base(system, settings, name ?? $"testProbe-{Interlocked.Increment(ref s_nextId)}", underSystem: true)
    {
    }

    /// <summary>The probe's actor ref.</summary>
    public IActorRef Ref => TestActor;

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Replies to the sender of the last message the probe took.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> on behalf of the last sender.</summary>
    public void Forward(IActorRef target, object message) => target.Tell(message, LastSender);

    /// <inheritdoc />
    public override string ToString() => $"TestProbe {Ref.Path}";
}
