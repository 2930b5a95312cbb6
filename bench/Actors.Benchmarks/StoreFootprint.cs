using Actors.Store;
using Actors.Store.Configuration;
using Actors.Store.Hosting;

namespace Actors.Benchmarks;

/// <summary>
/// DESIGN.md 8a: the store on Akka.NET holding a million keys with 16-byte values, against a plain
/// Dictionary&lt;string, byte[]&gt; with the same content, both measured with GC.GetTotalMemory(true) in the same run.
/// The keys themselves are shared, so what is compared is what each holds per key. The store's side counts the actor
/// system too (started after the baseline is taken), as the own-runtime build's did.
/// <code>dotnet run -c Release --project bench/Actors.Benchmarks -- store-footprint [keys]</code>
/// </summary>
internal static class StoreFootprint
{
    public static async Task<int> RunAsync(int count)
    {
        var keys = Enumerable.Range(0, count).Select(i => $"key-{i:D7}").ToArray();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var plain = new Dictionary<string, byte[]>();
        foreach (var key in keys)
        {
            plain[key] = new byte[16];
        }

        var dictionary = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(plain);
        plain = null;

        before = GC.GetTotalMemory(forceFullCollection: true);
        using var system = StoreActorSystem.Create("footprint", StoreDurability.Quiet);
        var store = await ActorStateStore.StartAsync(system, new StoreSettings { Durability = Durability.None });
        var empty = GC.GetTotalMemory(forceFullCollection: true) - before;
        var pipeline = store.CreatePipeline(512);
        foreach (var key in keys)
        {
            await pipeline.SetOwnedAsync(key, new byte[16]);
        }

        await pipeline.FlushAsync();
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        var stored = await store.CountAsync();
        Console.WriteLine($"{count:N0} keys with 16-byte values (key strings shared, not counted):");
        Console.WriteLine($"  Dictionary<string, byte[]>: {dictionary / 1e6,8:F1} MB ({dictionary / (double)count:F0} B per key)");
        Console.WriteLine($"  the store ({store.Settings.Shards} shard actors): {held / 1e6,8:F1} MB ({held / (double)count:F0} B per key) = {held / (double)dictionary:F2}× (target ≤ 2×)");
        Console.WriteLine($"  of which the actor system and the empty store: {empty / 1e6:F1} MB; keys counted by the store: {stored:N0}");
        GC.KeepAlive(keys);
        await system.Terminate();
        return stored == count ? 0 : 1;
    }
}
