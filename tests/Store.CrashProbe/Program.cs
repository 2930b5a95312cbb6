using System.Text;
using Actors;
using Actors.Store;
using Actors.Store.Configuration;

// Usage: Store.CrashProbe <data-dir> <key-prefix>
// Writes unique keys from 16 concurrent writers and prints "ack <key> <version>" after each acknowledged write,
// plus "inc <value>" after each acknowledged increment of one counter, until the process is killed.
var directory = args[0];
var prefix = args[1];
var system = ActorSystem.Create("crash-probe", new ActorSystemSettings { CoordinatedShutdown = new() { RunByProcessExit = false } });
var store = await ActorStateStore.StartAsync(system, new StoreSettings { Shards = 4, Durability = Durability.Batched, DataDirectory = directory });
var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
var gate = new Lock();
Console.Error.WriteLine("ready");

long next = 0;
await Task.WhenAll(Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
{
    while (true)
    {
        var i = Interlocked.Increment(ref next);
        if (writer == 0)
        {
            var incremented = await store.IncrementAsync($"{prefix}counter");
            Report($"inc {incremented.Value}");
            continue;
        }

        var key = $"{prefix}{i}";
        var result = await store.SetAsync(key, Value(key));
        Report($"ack {key} {result.Version}");
    }
})));

void Report(string line)
{
    lock (gate)
    {
        output.WriteLine(line);
        output.Flush();
    }
}

// A long value whose every byte depends on the key, so that a torn write cannot pass for a whole one.
static byte[] Value(string key) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(key + "|", 20)));
