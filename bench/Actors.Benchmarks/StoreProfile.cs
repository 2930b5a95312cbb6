using System.Diagnostics;
using Actors.Store.Shards;

namespace Actors.Benchmarks;

/// <summary>Times the pieces of the write path in isolation (exploratory; not a published figure).</summary>
internal static class StoreProfile
{
    public static int Run()
    {
        var keys = Enumerable.Range(0, 100_000).Select(i => $"key-{i}").ToArray();
        var random = new Random(1);
        var plan = Enumerable.Range(0, 2_000_000).Select(_ => keys[random.Next(keys.Length)]).ToArray();
        var value = new byte[16];

        Time("ShardOf", () => { var s = 0; foreach (var k in plan) { s += Actors.Store.Sharding.StableHash.ShardOf(k, 16); } return s; });
        Time("value copy", () => { var s = 0; foreach (var k in plan) { s += ((ReadOnlyMemory<byte>)value).ToArray().Length; } return s; });
        Time("utf8 count", () => { var s = 0; foreach (var k in plan) { s += System.Text.Encoding.UTF8.GetByteCount(k); } return s; });
        var state = new ShardState();
        Time("ShardState.WriteInPlace (same array)", () => { foreach (var k in plan) { state.WriteInPlace(k, value, 0, null, 1, out _); } return 0; });
        var state2 = new ShardState();
        Time("ShardState.WriteInPlace (fresh arrays)", () => { foreach (var k in plan) { state2.WriteInPlace(k, new byte[16], 0, null, 1, out _); } return 0; });
        var dict = new Dictionary<string, byte[]>();
        Time("Dictionary set (fresh arrays)", () => { foreach (var k in plan) { dict[k] = new byte[16]; } return 0; });
        return 0;
    }

    private static void Time(string name, Func<int> body)
    {
        body();
        var watch = Stopwatch.StartNew();
        body();
        Console.WriteLine($"{name,-40} {watch.Elapsed.TotalNanoseconds / 2_000_000:F1} ns/op");
    }
}
