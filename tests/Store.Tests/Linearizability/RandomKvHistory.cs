using Actors.Store.Linearizability;

namespace Actors.Store.Tests.Linearizability;

/// <summary>
/// Generates linearizable key-value histories: clients issue operations back to back with random
/// durations, each operation takes effect at a random instant inside its interval, and the outputs come
/// from running the operations on a <see cref="ReferenceKvStore"/> in the order of those instants.
/// Some operations lose their response (unknown outcome); half of those never take effect. Optionally some sets
/// write a value that is not an integer, and increments of it fail.
/// </summary>
internal sealed class RandomKvHistory
{
    private const long ExpectedVersionNotChosen = -1;

    private RandomKvHistory(IReadOnlyList<Operation<KvInput, KvOutput>> operations) => Operations = operations;

    public IReadOnlyList<Operation<KvInput, KvOutput>> Operations { get; }

    // textRate: the share of sets that write a value that is not an integer (so that increments of it fail). At 0 the
    // generator draws exactly the numbers it always did, so existing seeds keep their histories.
    public static RandomKvHistory Generate(int seed, int operations, int clients, int keys, double unknownRate = 0.02, double textRate = 0)
    {
        var random = new Random(seed);
        var ready = new PriorityQueue<int, long>();
        for (var c = 0; c < clients; c++)
        {
            ready.Enqueue(c, random.Next(0, 10));
        }

        var planned = new List<Planned>(operations);
        var nextValue = 1_000_000L;
        for (var i = 0; i < operations; i++)
        {
            ready.TryDequeue(out var client, out var free);
            var call = free + random.Next(0, 5);
            var duration = 1 + random.Next(0, 20) * (random.Next(20) == 0 ? 10 : 1);
            var ret = call + duration;
            var k = random.Next(keys);
            var key = $"k{k}";
            KvInput input = random.Next(100) switch
            {
                < 40 => new KvGet(key),
                < 60 when textRate > 0 && random.NextDouble() < textRate => new KvSetText(key, nextValue++),
                < 60 => new KvSet(key, nextValue++),
                // The expected version is chosen when the operation takes effect (see below).
                < 75 => new KvCompareAndSet(key, ExpectedVersionNotChosen, nextValue++),
                < 90 => new KvIncrement(key, random.Next(1, 6)),
                _ => new KvDelete(key),
            };
            var unknown = random.NextDouble() < unknownRate;
            var takesEffect = !unknown || random.Next(2) == 0;
            planned.Add(new Planned(client, input, call, ret, call + random.NextInt64(0, duration + 1), unknown, takesEffect));
            ready.Enqueue(client, ret);
        }

        // The real execution: one operation at a time, in the order of the instants they took effect.
        var store = new ReferenceKvStore();
        var outputs = new KvOutput?[planned.Count];
        var order = Enumerable.Range(0, planned.Count).OrderBy(i => planned[i].EffectTime).ThenBy(i => i);
        foreach (var i in order)
        {
            // A client expects the version it last saw, so that about half of the compare-and-sets win.
            if (planned[i].Input is KvCompareAndSet { ExpectedVersion: ExpectedVersionNotChosen } cas)
            {
                var current = store.VersionOf(cas.Key);
                planned[i] = planned[i] with { Input = cas with { ExpectedVersion = Math.Max(0, current - random.Next(0, 2)) } };
            }

            if (planned[i].TakesEffect)
            {
                outputs[i] = store.Apply(planned[i].Input);
            }
        }

        var history = planned.Select((p, i) => p.Unknown
            ? Operation.Unknown<KvInput, KvOutput>(p.Client, p.Input, p.Call)
            : Operation.Completed(p.Client, p.Input, p.Call, outputs[i]!, p.Return)).ToList();
        return new RandomKvHistory(history);
    }

    private sealed record Planned(int Client, KvInput Input, long Call, long Return, long EffectTime, bool Unknown, bool TakesEffect);
}
