using System.Threading.Channels;
using BenchmarkDotNet.Attributes;

namespace Actors.Benchmarks;

/// <summary>
/// Fire-and-forget throughput: 2 producers into one consumer, and into 2×cores consumers, for the actor runtime and for
/// the naive "one Channel per actor, one consumer task awaiting ReadAsync per message" loop.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class TellThroughputBenchmarks
{
    private const int MessagesPerInvoke = 1_000_000;
    private const int Producers = 2;

    private ActorSystem _system = null!;
    private IActorRef[] _actors = null!;
    private CountingActor.Counter _counter = null!;

    [Params(1, 4)]
    public int Consumers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        _counter = new CountingActor.Counter();
        _actors = Enumerable.Range(0, Consumers).Select(_ => _system.ActorOf(Props.Create(() => new CountingActor(_counter)))).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = MessagesPerInvoke, Description = "actor Tell")]
    public void ActorTell()
    {
        var done = _counter.Expect(MessagesPerInvoke);
        var actors = _actors;
        Parallel.For(0, Producers, new ParallelOptions { MaxDegreeOfParallelism = Producers }, producer =>
        {
            var message = CountingActor.Message;
            for (var i = 0; i < MessagesPerInvoke / Producers; i++)
            {
                actors[(i + producer) % actors.Length].Tell(message, null);
            }
        });
        done.Wait();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = MessagesPerInvoke, Description = "naive Channel + await ReadAsync")]
    public void NaiveChannelLoop()
    {
        var channels = Enumerable.Range(0, Consumers).Select(_ => Channel.CreateUnbounded<object>()).ToArray();
        var consumers = channels.Select(channel => Task.Run(async () =>
        {
            var count = 0L;
            try
            {
                while (true)
                {
                    _ = await channel.Reader.ReadAsync();
                    count++;
                }
            }
            catch (ChannelClosedException)
            {
                return count;
            }
        })).ToArray();

        Parallel.For(0, Producers, new ParallelOptions { MaxDegreeOfParallelism = Producers }, producer =>
        {
            var message = CountingActor.Message;
            for (var i = 0; i < MessagesPerInvoke / Producers; i++)
            {
                channels[(i + producer) % channels.Length].Writer.TryWrite(message);
            }
        });

        foreach (var channel in channels)
        {
            channel.Writer.Complete();
        }

        Task.WaitAll(consumers);
    }
}
