using Actors.Store.Strategies;

namespace Actors.Store.Load;

/// <summary>
/// Reads a strategy's contents back after a run and compares them with what its workers were told:
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Writes: each key must hold the acknowledged write with the highest version — or a later one. A key that
/// is missing, holds an older version, or holds another write at that same version lost an acknowledged write.
/// Two workers acknowledged at one version for one key means one write overwrote the other unseen: lost too.</item>
/// <item>Pipelined writes (no version): each confirmed key must be present.</item>
/// <item>Counters: each counter must be at least the sum of its acknowledged increments; the shortfall is lost.</item>
/// <item>Every value must carry its own key's stamp: another key's value means the map mixed entries up.</item>
/// </list>
/// A read that throws during verification is itself evidence of a broken map and is counted as corruption.
/// </remarks>
internal static class ContentVerifier
{
    public static async Task<CorrectnessCounts> VerifyAsync(IKeyValueStrategy strategy, KeySpace keys, IReadOnlyList<AckLedger> ledgers, CancellationToken cancellationToken)
    {
        long lostWrites = 0, lostIncrements = 0, counterSum = 0, misreads = 0, readFailures = 0;
        string? firstFailure = null;
        lostWrites += ledgers.Sum(l => l.RepeatedVersions);
        for (var key = 0; key < keys.Count; key++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (version, writeId, posted, tied) = Expected(ledgers, key);
            lostWrites += tied;
            if (version > 0 || posted)
            {
                try
                {
                    var read = await strategy.GetAsync(keys.Values[key], cancellationToken).ConfigureAwait(false);
                    if (!read.Found)
                    {
                        lostWrites++;
                    }
                    else if (!ValueStamp.TryRead(read.Value, out var stampedId, out var stampedKey) || stampedKey != key)
                    {
                        misreads++;
                    }
                    else if (read.Version < version || (read.Version == version && stampedId != writeId))
                    {
                        lostWrites++;
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    readFailures++;
                    firstFailure ??= $"{error.GetType().FullName}: {error.Message}";
                }
            }

            var increments = ledgers.Sum(l => l.IncrementsOf(key));
            if (increments > 0)
            {
                try
                {
                    var read = await strategy.GetAsync(keys.Counters[key], cancellationToken).ConfigureAwait(false);
                    long actual = 0;
                    if (read.Found && !CounterValue.TryDecode(read.Value, out actual))
                    {
                        misreads++;
                        continue;
                    }

                    counterSum += actual;
                    lostIncrements += Math.Max(0, increments - actual);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    readFailures++;
                    firstFailure ??= $"{error.GetType().FullName}: {error.Message}";
                }
            }
        }

        return new CorrectnessCounts
        {
            AcknowledgedWrites = ledgers.Sum(l => l.AcknowledgedWrites),
            AcknowledgedIncrements = ledgers.Sum(l => l.AcknowledgedIncrements),
            LostWrites = lostWrites,
            LostIncrements = lostIncrements,
            CounterSum = counterSum,
            MisreadValues = misreads,
            Corruption = readFailures == 0 ? null : $"{readFailures:N0} verification reads failed (first: {firstFailure})",
        };
    }

    private static (long Version, long WriteId, bool Posted, long Tied) Expected(IReadOnlyList<AckLedger> ledgers, int key)
    {
        long version = 0, writeId = 0, tied = 0;
        var posted = false;
        foreach (var ledger in ledgers)
        {
            posted |= ledger.WasPosted(key);
            var v = ledger.VersionOf(key);
            if (v > version)
            {
                (version, writeId, tied) = (v, ledger.WriteIdOf(key), 0);
            }
            else if (v == version && v > 0 && ledger.WriteIdOf(key) != writeId)
            {
                tied++;
            }
        }

        return (version, writeId, posted, tied);
    }
}
