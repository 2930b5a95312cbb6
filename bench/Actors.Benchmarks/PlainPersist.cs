using System.Diagnostics;
using Actors.Store.Configuration;
using Actors.Store.Hosting;
using Actors.Store.Persistence;
using Actors.Store.Sharding;

namespace Actors.Benchmarks;

using Akka.Actor;
using Akka.Persistence;

/// <summary>
/// What an Akka.NET user gets without the store's group commit: one persistent actor per shard on the same
/// Akka.Persistence.Sql journal, one <c>Persist</c> per command (commands that arrive meanwhile are stashed), the reply
/// sent from its handler, asked by each writer.
/// </summary>
internal static class PlainPersist
{
    private const int Shards = 16;

    public static async Task<double> MeasureAsync(string name, StoreSettings settings, int writers, TimeSpan duration)
    {
        var directory = Path.Combine(Path.GetTempPath(), "plain-persist-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var system = StoreActorSystem.Create("plain", StoreDurability.Quiet);
            var plugins = await StorePlugins.ConfigureAsync(system, settings with { DataDirectory = directory }, "plain", CancellationToken.None);
            var shards = Enumerable.Range(0, Shards).Select(i => system.ActorOf(Props.Create(() => new PlainShard($"plain-{i}", plugins.JournalPluginId, plugins.SnapshotPluginId)))).ToArray();
            var value = new byte[100];
            long acknowledged = 0;
            var stop = false;
            async Task Writer(int writer, bool counting)
            {
                var i = 0;
                while (!Volatile.Read(ref stop))
                {
                    var key = $"w{writer}-{i++}";
                    await shards[StableHash.ShardOf(key, Shards)].Ask<long>(new Write(key, value), TimeSpan.FromSeconds(30));
                    if (counting)
                    {
                        Interlocked.Increment(ref acknowledged);
                    }
                }
            }

            var warmup = Enumerable.Range(0, writers).Select(w => Task.Run(() => Writer(w + 1000, counting: false))).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(1));
            Volatile.Write(ref stop, true);
            await Task.WhenAll(warmup);
            Volatile.Write(ref stop, false);

            var started = Stopwatch.StartNew();
            var running = Enumerable.Range(0, writers).Select(w => Task.Run(() => Writer(w, counting: true))).ToArray();
            await Task.Delay(duration);
            Volatile.Write(ref stop, true);
            await Task.WhenAll(running);
            var rate = Interlocked.Read(ref acknowledged) / started.Elapsed.TotalSeconds;
            Console.WriteLine($"{name,-40} {rate,12:N0} acknowledged writes/s");
            await system.Terminate();
            return rate;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private sealed record Write(string Key, byte[] Value);

    private sealed class PlainShard : ReceivePersistentActor
    {
        private readonly Dictionary<string, byte[]> _values = [];
        private long _written;

        public PlainShard(string id, string journal, string snapshots)
        {
            PersistenceId = id;
            JournalPluginId = journal;
            SnapshotPluginId = snapshots;
            Recover<Write>(write => _values[write.Key] = write.Value);
            Command<Write>(write => Persist(write, persisted =>
            {
                _values[persisted.Key] = persisted.Value;
                Sender.Tell(++_written);
            }));
        }

        public override string PersistenceId { get; }
    }
}
