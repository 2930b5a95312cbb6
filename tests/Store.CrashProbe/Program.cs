using System.Globalization;
using System.Text;
using Actors.Store;
using Actors.Store.Configuration;
using Actors.Store.CrashProbe;
using Actors.Store.Hosting;
using Akka.Configuration;

// Usage: Store.CrashProbe <data-dir> <batched|strict> <run>                        16 writers, until killed
//        Store.CrashProbe <data-dir> <batched|strict> <run> sequential <count>     one writer, <count> sets, then exits
//
// Runs the store on SQLite in <data-dir> and reports on stdout, one line per event (<run> makes every value unique
// across runs on the same data):
//   begin <writer> set <key> <sequence>              printed before the write is sent; the value is ProbeValue.Of(key, sequence)
//   begin <writer> cas <key> <expected> <sequence>   compare-and-set against <expected> (0: only if missing)
//   begin <writer> del <key>
//   begin <writer> inc <key> <by>
//   begin <writer> batch <sequence> <key> <key>      an atomic batch setting both keys
//   ack <writer> <applied>/<version>[/<value>] ...   the store's answer, one per write of the begun operation:
//                                                    applied 1 or 0, the version (new, or current if refused), an increment's value
var directory = args[0];
var durability = args[1] switch
{
    "batched" => Durability.Batched,
    "strict" => Durability.Strict,
    var other => throw new ArgumentException($"Durability '{other}' is not batched or strict."),
};
var run = args[2];
var sequential = args is [_, _, _, "sequential", var count] ? int.Parse(count, CultureInfo.InvariantCulture) : (int?)null;

var system = StoreActorSystem.Create("crash-probe", ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.coordinated-shutdown.run-by-clr-shutdown-hook = off"));
var store = await ActorStateStore.StartAsync(system, new StoreSettings
{
    Shards = 4,
    Durability = durability,
    DataDirectory = directory,

    // Frequent snapshots, so that kills also land while one is taken and recoveries start from one.
    SnapshotEvery = sequential is null ? 100 : 50_000,
});
var output = new ProbeOutput();
Console.Error.WriteLine("ready");

if (sequential is { } writes)
{
    // One write at a time, so that what happens between a write's begin and its ack belongs to that write alone.
    for (var i = 1; i <= writes; i++)
    {
        var sequence = $"{run}.0.{i}";
        output.Line($"begin 0 set s {sequence}");
        var result = await store.SetAsync("s", Encoding.UTF8.GetBytes(ProbeValue.Of("s", sequence)));
        output.Line(string.Create(CultureInfo.InvariantCulture, $"ack 0 1/{result.Version}"));
    }

    await system.Terminate();
    return;
}

var writers = Enumerable.Range(0, 16).Select(id => new ProbeWriter(id, store, output, run)).ToArray();
await Task.WhenAll(writers.Select(w => w.LoadAsync()));
await Task.WhenAll(writers.Select(w => Task.Run(w.RunAsync)));
