using System.Threading.Channels;

namespace Actors.TestKit;

/// <summary>
/// The actor behind a <see cref="TestProbe"/> (and the TestKit's <c>TestActor</c>): queues everything it receives,
/// with its sender, for the test to inspect, and watches actors on the test's behalf.
/// </summary>
internal sealed class TestActor(ChannelWriter<ReceivedMessage> queue) : ActorBase
{
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case WatchRequest watch:
                Context.Watch(watch.Target);
                Sender.Tell(WatchRequest.Done, Self);
                break;
            case UnwatchRequest unwatch:
                Context.Unwatch(unwatch.Target);
                Sender.Tell(WatchRequest.Done, Self);
                break;
            default:
                queue.TryWrite(new ReceivedMessage(message, Sender));
                break;
        }

        return true;
    }

    internal sealed record WatchRequest(IActorRef Target)
    {
        public static readonly object Done = new();
    }

    internal sealed record UnwatchRequest(IActorRef Target);
}

/// <summary>A message a test actor received, with its sender.</summary>
public sealed record ReceivedMessage(object Message, IActorRef Sender);
