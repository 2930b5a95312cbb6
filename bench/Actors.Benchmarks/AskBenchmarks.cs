using BenchmarkDotNet.Attributes;

namespace Actors.Benchmarks;

/// <summary>Sequential request/response from one caller: the round trip of Ask.</summary>
[Config(typeof(BenchmarkConfig))]
public class AskBenchmarks
{
    private ActorSystem _system = null!;
    private IActorRef _echo = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        _echo = _system.ActorOf(Props.Create(() => new EchoActor()));
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = 10_000, Description = "Ask round trip (sequential)")]
    public async Task AskRoundTrip()
    {
        for (var i = 0; i < 10_000; i++)
        {
            await _echo.Ask<object>(EchoActor.Ping);
        }
    }

    private sealed class EchoActor : ActorBase
    {
        public static readonly object Ping = new();

        protected override bool Receive(object message)
        {
            Sender.Tell(message, Self);
            return true;
        }
    }
}
