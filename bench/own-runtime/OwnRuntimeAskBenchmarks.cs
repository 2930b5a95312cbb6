using Actors.Store;
using Actors.Store.Configuration;
using Actors.Store.Routing;
using Actors.Store.Shards;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Actors.Benchmarks;

/// <summary>
/// The own-runtime build's peers of bench/Actors.Benchmarks/AskBenchmarks.cs: bench/own-runtime/run.sh copies this file
/// into that build's benchmark project (in the worktree) before building it. One caller, sequential: an Ask to a trivial
/// actor on the own runtime, an Ask of one shard actor with the store's own protocol (what the store's client did per
/// request), and the store client's GetAsync. Durability none, as on the Akka.NET side.
/// </summary>
[Config(typeof(OwnRuntimeShortConfig))]
public class OwnRuntimeAskBenchmarks
{
    private const int Calls = 10_000;
    private const string Key = "ask-key";

    private static readonly byte[] Value = new byte[16];

    private ActorSystem _system = null!;
    private IActorRef _echo = null!;
    private ActorStateStore _store = null!;
    private IActorRef _shard = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench", new ActorSystemSettings { LogDeadLetters = 0 });
        _echo = _system.ActorOf(Props.Create(() => new EchoActor()));
        _store = ActorStateStore.StartAsync(_system, new StoreSettings { Durability = Durability.None }).GetAwaiter().GetResult();
        _shard = ((ShardRoute.Local)_store.RouteOf(_store.ShardOf(Key))).Actor;
        _store.SetAsync(Key, Value).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = Calls, Description = "own runtime Ask round trip, trivial actor")]
    public async Task OwnAsk()
    {
        for (var i = 0; i < Calls; i++)
        {
            await _echo.Ask<object>(EchoActor.Ping);
        }
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "Ask the shard actor: Get (one shard)")]
    public async Task ShardAskGet()
    {
        for (var i = 0; i < Calls; i++)
        {
            await _shard.Ask<ShardProtocol.GetReply>(new ShardProtocol.Get(Key));
        }
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "Ask the shard actor: Set (one shard)")]
    public async Task ShardAskSet()
    {
        for (var i = 0; i < Calls; i++)
        {
            await _shard.Ask<object>(new ShardProtocol.Set(Key, Value, null));
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

/// <summary>The job of the Akka.NET build's BenchmarkConfig under ACTORS_BENCH_SHORT=1: short run, in process.</summary>
public sealed class OwnRuntimeShortConfig : ManualConfig
{
    public OwnRuntimeShortConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.OperationsPerSecond);
        AddColumnProvider(DefaultColumnProviders.Instance);
    }
}
