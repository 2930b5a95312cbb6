using Actors.Store;
using Actors.Store.Configuration;
using Actors.Store.Hosting;
using Actors.Store.Protocol;
using BenchmarkDotNet.Attributes;

namespace Actors.Benchmarks;

using Akka.Actor;

/// <summary>
/// Sequential request/response from one caller, on Akka.NET: a raw <c>Ask</c> to a trivial actor, an <c>Ask</c> of one
/// shard through the store's entry (<see cref="ActorStateStore.Entry"/>, the <c>StoreRegion</c> actor, which forwards
/// the public command to the key's <c>ShardEntity</c>), and the same read through the store's client
/// (<see cref="ActorStateStore.GetAsync"/>, which sends it in its shard's next batch). The store runs with durability
/// none, so that what is timed is the round trip, not a journal. The own-runtime build's peers are in
/// bench/own-runtime/OwnRuntimeAskBenchmarks.cs (run.sh builds them into that build).
/// <code>dotnet run -c Release --project bench/Actors.Benchmarks -- --filter '*AskBenchmarks*' --job short</code>
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class AskBenchmarks
{
    private const int Calls = 10_000;
    private const string Key = "ask-key";

    private static readonly byte[] Value = new byte[16];

    private ActorSystem _system = null!;
    private IActorRef _echo = null!;
    private ActorStateStore _store = null!;
    private IActorRef _entry = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = StoreActorSystem.Create("bench", StoreDurability.Quiet);
        _echo = _system.ActorOf(Props.Create(() => new EchoActor()), "echo");
        _store = ActorStateStore.StartAsync(_system, new StoreSettings { Durability = Durability.None }).GetAwaiter().GetResult();
        _entry = _store.Entry;
        _store.SetAsync(Key, Value).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = Calls, Description = "Akka.NET Ask round trip, trivial actor")]
    public async Task AkkaAsk()
    {
        for (var i = 0; i < Calls; i++)
        {
            await _echo.Ask<object>(EchoActor.Ping);
        }
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "Ask the store's entry: Get (one shard)")]
    public async Task EntryAskGet()
    {
        for (var i = 0; i < Calls; i++)
        {
            await _entry.Ask<GetReply>(new Get(Key));
        }
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "Ask the store's entry: Set (one shard)")]
    public async Task EntryAskSet()
    {
        for (var i = 0; i < Calls; i++)
        {
            await _entry.Ask<WriteResult>(new Set(Key, Value));
        }
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "store client GetAsync (one shard)")]
    public async Task ClientGet()
    {
        for (var i = 0; i < Calls; i++)
        {
            await _store.GetAsync(Key);
        }
    }

    private sealed class EchoActor : ReceiveActor
    {
        public static readonly object Ping = new();

        public EchoActor() => ReceiveAny(message => Sender.Tell(message, Self));
    }
}
