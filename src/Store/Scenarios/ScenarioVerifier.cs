using Actors.Store.Load;
using Actors.Store.Strategies;

namespace Actors.Store.Scenarios;

/// <summary>
/// Checks a round's maps against what the round was told: every acknowledged write still there with its value,
/// every acknowledged increment in its counter, every acknowledged delete still absent, and each map consistent
/// with itself (its count equals what a scan enumerates; an inspectable map's structure is intact).
/// </summary>
internal static class ScenarioVerifier
{
    public static async Task<CorrectnessCounts> VerifyAsync(ScenarioContext context)
    {
        long lostWrites = 0, lostIncrements = 0, counterSum = 0, resurrected = 0, failures = 0;
        var problems = new List<string>();
        var cancellationToken = context.CancellationToken;
        foreach (var (map, key, value) in context.ExpectedPresent())
        {
            try
            {
                var read = await map.GetAsync(key, cancellationToken).ConfigureAwait(false);
                if (!read.Found || !read.Value.AsSpan().SequenceEqual(value))
                {
                    lostWrites++;
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                failures++;
            }
        }

        foreach (var (map, key, sum) in context.ExpectedCounters())
        {
            try
            {
                var read = await map.GetAsync(key, cancellationToken).ConfigureAwait(false);
                var actual = read.Found && CounterValue.TryDecode(read.Value, out var decoded) ? decoded : 0;
                counterSum += actual;
                lostIncrements += Math.Max(0, sum - actual);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                failures++;
            }
        }

        foreach (var (map, key) in context.ExpectedAbsent())
        {
            try
            {
                if ((await map.GetAsync(key, cancellationToken).ConfigureAwait(false)).Found)
                {
                    resurrected++;
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                failures++;
            }
        }

        IntegrityReport? integrity = null;
        foreach (var map in context.Maps)
        {
            try
            {
                var count = await map.CountAsync(cancellationToken).ConfigureAwait(false);
                var scanned = (await map.ScanAsync("", int.MaxValue, cancellationToken).ConfigureAwait(false)).Count;
                if (count != scanned)
                {
                    problems.Add($"count says {count:N0} keys but a scan finds {scanned:N0}");
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                failures++;
            }

            if (map is IIntegrityProbe probe && probe.Inspect() is { IsCorrupted: true } report)
            {
                integrity ??= report;
            }
        }

        if (resurrected > 0)
        {
            problems.Add($"{resurrected:N0} deleted keys came back");
        }

        if (failures > 0)
        {
            problems.Add($"{failures:N0} verification reads threw");
        }

        var exceptions = context.Exceptions;
        return new CorrectnessCounts
        {
            AcknowledgedWrites = context.AcknowledgedWrites,
            AcknowledgedIncrements = context.AcknowledgedIncrements,
            LostWrites = lostWrites + context.MissedReads,
            LostIncrements = lostIncrements,
            CounterSum = counterSum,
            GuardTrips = exceptions.Total,
            GuardTripsByType = exceptions.ByType(),
            Exceptions = exceptions.ToList(),
            Rejected = context.Rejected,
            Integrity = integrity,
            Corruption = problems.Count == 0 ? null : string.Join("; ", problems),
        };
    }
}
