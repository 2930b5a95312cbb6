using Actors.Store.Linearizability;

namespace Actors.Store.Tests.Linearizability;

/// <summary>
/// Changes to one output of a linearizable key-value history that certainly make it not linearizable,
/// whatever the rest of the history is. Each returns null when the history offers no place to apply it.
/// </summary>
internal static class KvMutations
{
    /// <summary>
    /// A read answers a version older than one a change on the same key had already reported before the
    /// read was called: versions only grow, so that version is gone by then.
    /// </summary>
    public static List<Operation<KvInput, KvOutput>>? StaleRead(IReadOnlyList<Operation<KvInput, KvOutput>> history, Random random)
    {
        var reads = Indices(history, o => o.IsOutcomeKnown && o.Input is KvGet).ToList();
        Shuffle(reads, random);
        foreach (var r in reads)
        {
            var read = history[r];
            var newest = history
                .Where(o => o.IsOutcomeKnown && o.Input.Key == read.Input.Key && o.ReturnTime < read.CallTime)
                .Select(WrittenVersion)
                .DefaultIfEmpty(0)
                .Max();
            if (newest > 0)
            {
                return Replace(history, r, read with { Output = new KvFound(42, newest - 1) });
            }
        }

        return null;
    }

    /// <summary>Two changes of one key report the same version, though every change adds one to it.</summary>
    public static List<Operation<KvInput, KvOutput>>? DuplicateVersion(IReadOnlyList<Operation<KvInput, KvOutput>> history, Random random)
    {
        var writes = Indices(history, o => o.IsOutcomeKnown && WrittenVersion(o) > 0).ToList();
        Shuffle(writes, random);
        foreach (var a in writes)
        {
            foreach (var b in writes)
            {
                if (a != b && history[a].Input.Key == history[b].Input.Key)
                {
                    var version = WrittenVersion(history[a]);
                    var output = history[b].Output switch
                    {
                        KvWritten => new KvWritten(version),
                        KvIncremented incremented => (KvOutput)(incremented with { Version = version }),
                        _ => throw new InvalidOperationException("Unreachable: only writes report a version."),
                    };
                    return Replace(history, b, history[b] with { Output = output });
                }
            }
        }

        return null;
    }

    /// <summary>A read returns a value nothing ever wrote (the generator writes no negative numbers).</summary>
    public static List<Operation<KvInput, KvOutput>>? PhantomValue(IReadOnlyList<Operation<KvInput, KvOutput>> history, Random random)
    {
        var reads = Indices(history, o => o.IsOutcomeKnown && o.Output is KvFound).ToList();
        if (reads.Count == 0)
        {
            return null;
        }

        var r = reads[random.Next(reads.Count)];
        var found = (KvFound)history[r].Output!;
        return Replace(history, r, history[r] with { Output = found with { Value = -1 - found.Value } });
    }

    /// <summary>
    /// An increment that succeeded fails instead, where the value was certainly an integer (or missing, which counts as
    /// 0) wherever the increment took effect: every text that could have been written before it was overwritten by a
    /// change that ended before the increment began.
    /// </summary>
    public static List<Operation<KvInput, KvOutput>>? FailedIncrementOfAnInteger(IReadOnlyList<Operation<KvInput, KvOutput>> history, Random random)
    {
        var increments = Indices(history, o => o.IsOutcomeKnown && o.Output is KvIncremented).ToList();
        Shuffle(increments, random);
        foreach (var i in increments)
        {
            var increment = history[i];
            var key = increment.Input.Key;
            var texts = history.Where(o => o.Input is KvSetText && o.Input.Key == key && o.CallTime <= increment.ReturnTime);
            var certainlyInteger = texts.All(text => text.IsOutcomeKnown && history.Any(change =>
                change.Input.Key == key && WritesNonText(change) && change.CallTime > text.ReturnTime && change.ReturnTime < increment.CallTime));
            if (certainlyInteger)
            {
                return Replace(history, i, increment with { Output = KvNotAnInteger.Instance });
            }
        }

        return null;
    }

    // A change known to have happened that leaves an integer or nothing.
    private static bool WritesNonText(Operation<KvInput, KvOutput> operation) => operation.IsOutcomeKnown && (operation.Input, operation.Output) switch
    {
        (KvSet or KvCompareAndSet, KvWritten) => true,
        (KvIncrement, KvIncremented) => true,
        (KvDelete, KvDeleted { Existed: true }) => true,
        _ => false,
    };

    /// <summary>
    /// Any small change to one output: mostly, but not always, a violation (a read that overlapped a write
    /// may legitimately see either side of it).
    /// </summary>
    public static List<Operation<KvInput, KvOutput>>? Perturb(IReadOnlyList<Operation<KvInput, KvOutput>> history, Random random)
    {
        var known = Indices(history, o => o.IsOutcomeKnown).ToList();
        var i = known[random.Next(known.Count)];
        KvOutput output = history[i].Output switch
        {
            KvFound found => random.Next(2) == 0 ? found with { Version = found.Version + 1 } : KvMissing.Instance,
            KvFoundText text => random.Next(2) == 0 ? text with { Version = text.Version + 1 } : new KvFound(text.Tag, text.Version),
            KvNotAnInteger => new KvIncremented(1),
            KvMissing => new KvFound(1, 1),
            KvWritten written => new KvWritten(written.Version + 1),
            KvVersionMismatch => new KvWritten(1),
            KvIncremented incremented => random.Next(4) == 0 ? KvNotAnInteger.Instance : incremented with { Value = incremented.Value + 1 },
            KvDeleted deleted => new KvDeleted(!deleted.Existed),
            var other => throw new InvalidOperationException($"Unexpected output {other}."),
        };
        return Replace(history, i, history[i] with { Output = output });
    }

    private static long WrittenVersion(Operation<KvInput, KvOutput> operation) => operation.Output switch
    {
        KvWritten written => written.Version,
        KvIncremented { Version: { } version } => version,
        _ => 0,
    };

    private static IEnumerable<int> Indices(IReadOnlyList<Operation<KvInput, KvOutput>> history, Func<Operation<KvInput, KvOutput>, bool> predicate) =>
        Enumerable.Range(0, history.Count).Where(i => predicate(history[i]));

    private static List<Operation<KvInput, KvOutput>> Replace(IReadOnlyList<Operation<KvInput, KvOutput>> history, int index, Operation<KvInput, KvOutput> operation)
    {
        var copy = history.ToList();
        copy[index] = operation;
        return copy;
    }

    private static void Shuffle(List<int> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
