using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Actors.Dispatch;

namespace Actors.Store.Diagnostics;

using Akka.Actor;

/// <summary>
/// The store's actor figures on the <c>Actors.Store</c> meter (mailbox refusals are the Actors library's, see
/// <see cref="MailboxMetrics"/>): <c>actors.messages.processed</c> (messages the shard actors handled),
/// <c>actors.mailbox.depth</c> (messages waiting in each shard's mailbox, by <c>store</c> and <c>shard</c>, read when
/// collected), <c>actors.dead_letters</c> (messages Akka.NET could not deliver, by <c>reason</c>: <c>dead-letter</c>,
/// <c>dropped</c>, <c>suppressed</c>) and <c>actors.restarts</c> (shards started again after a failure).
/// </summary>
internal static class ShardMetrics
{
    private static readonly Meter Meter = new(StoreMeters.Store, "1.0");

    private static readonly ConcurrentDictionary<Func<IEnumerable<Measurement<long>>>, bool> DepthSources = new();

    private static readonly Counter<long> Processed = Meter.CreateCounter<long>(
        "actors.messages.processed", unit: "{message}", description: "Messages handled by the store's shard actors.");

    private static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>(
        "actors.dead_letters", unit: "{message}", description: "Messages Akka.NET could not deliver, by reason.");

    private static readonly Counter<long> Restarts = Meter.CreateCounter<long>(
        "actors.restarts", unit: "{restart}", description: "Shard actors started again after they stopped on a failure.");

    static ShardMetrics() =>
        Meter.CreateObservableUpDownCounter(
            "actors.mailbox.depth",
            () => DepthSources.Keys.SelectMany(source => source()),
            unit: "{message}",
            description: "Messages waiting in a shard's mailbox, by store and shard.");

    public static void MessageProcessed()
    {
        if (Processed.Enabled)
        {
            Processed.Add(1);
        }
    }

    public static void DeadLetter(string reason) => DeadLetters.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void Restarted() => Restarts.Add(1);

    /// <summary>Adds a store's shards as a source of waiting messages; the returned object removes it when disposed.</summary>
    public static IDisposable TrackDepth(string store, Func<IEnumerable<(int Shard, long Depth)>> shards)
    {
        var storeTag = new KeyValuePair<string, object?>("store", store);
        Func<IEnumerable<Measurement<long>>> depth = () =>
            shards().Select(s => new Measurement<long>(s.Depth, storeTag, new KeyValuePair<string, object?>("shard", s.Shard)));
        return Track(depth);
    }

    private static IDisposable Track(Func<IEnumerable<Measurement<long>>> depth)
    {
        DepthSources[depth] = true;
        return new Untrack(depth);
    }

    /// <summary>The messages waiting in an actor's mailbox, if it is a local actor.</summary>
    public static long MailboxDepth(IActorRef? actor) =>
        actor is ActorRefWithCell { Underlying: ActorCell { Mailbox: { } mailbox } } ? mailbox.MessageQueue.Count : 0;

    private sealed class Untrack(Func<IEnumerable<Measurement<long>>> depth) : IDisposable
    {
        public void Dispose() => DepthSources.TryRemove(depth, out _);
    }
}
