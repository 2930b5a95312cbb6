using Actors.Mailboxes;
using BenchmarkDotNet.Attributes;

namespace Actors.Benchmarks;

/// <summary>The cost of refusing a message at a full bounded mailbox (reject policy): exception, dead letter, metrics.</summary>
[Config(typeof(BenchmarkConfig))]
public class BoundedMailboxBenchmarks
{
    private ActorSystem _system = null!;
    private IActorRef _full = null!;
    private TaskCompletionSource _gate = null!;

    [GlobalSetup]
    public void Setup()
    {
        var settings = new ActorSystemSettings { LogDeadLetters = 0 }.WithMailbox("tiny", MailboxSettings.Bounded(16, OverflowPolicy.Reject));
        _system = ActorSystem.Create("bench", settings);
        _gate = new TaskCompletionSource();
        _full = _system.ActorOf(Props.Create(() => new BlockedActor(_gate.Task)).WithMailbox("tiny"));
        for (var i = 0; i < 32; i++)
        {
            _full.Tell(i, null);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gate.SetResult();
        _system.Terminate().Wait();
    }

    [Benchmark(Description = "Tell to a full mailbox (reject)")]
    public void TellRejected() => _full.Tell(BlockedActor.Message, null);

    private sealed class BlockedActor : ReceiveActor
    {
        public static readonly object Message = new();

        public BlockedActor(Task gate) => ReceiveAsync<int>(_ => gate);
    }
}
