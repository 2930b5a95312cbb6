using System.Diagnostics;

namespace Actors.Store.Linearizability;

/// <summary>
/// Decides whether a concurrent history is linearizable with respect to a sequential model, with the
/// Wing–Gong–Lowe search (as in Lowe's "Testing for linearizability" and Porcupine): the history is split
/// into the model's independent partitions, and each partition is searched depth-first over its call and
/// return events, with a cache of explored (linearized set, state) configurations.
/// </summary>
public static class LinearizabilityChecker
{
    /// <summary>Checks a history of timed operations.</summary>
    /// <param name="model">The sequential specification.</param>
    /// <param name="history">The operations, in any order.</param>
    /// <param name="timeout">How long to search before answering <see cref="LinearizabilityVerdict.Unknown"/>; unlimited if null.</param>
    /// <param name="cancellationToken">Stops the search with <see cref="LinearizabilityVerdict.Unknown"/>.</param>
    /// <exception cref="ArgumentException">
    /// An operation returns before it is called, or has an output the model says can never answer its input.
    /// </exception>
    public static LinearizabilityResult Check<TState, TInput, TOutput>(
        LinearizabilityModel<TState, TInput, TOutput> model,
        IReadOnlyList<Operation<TInput, TOutput>> history,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(history);
        if (timeout is { } t && t < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "The timeout must not be negative.");
        }

        var started = Stopwatch.GetTimestamp();
        var deadline = timeout is { } limit
            ? SaturatingAdd(started, (long)(limit.TotalSeconds * Stopwatch.Frequency))
            : long.MaxValue;

        var partitions = Partition(model, history);
        var verdicts = new LinearizabilityVerdict[partitions.Count];
        var searches = new PartitionSearch<TState, TInput, TOutput>[partitions.Count];
        for (var i = 0; i < partitions.Count; i++)
        {
            searches[i] = new PartitionSearch<TState, TInput, TOutput>(model, partitions[i]);
        }

        if (partitions.Count <= 1)
        {
            for (var i = 0; i < partitions.Count; i++)
            {
                verdicts[i] = searches[i].Run(deadline, cancellationToken);
            }
        }
        else
        {
            // One violation decides the whole history, so it stops the searches still running.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
            try
            {
                Parallel.For(0, partitions.Count, options, i =>
                {
                    if (stop.IsCancellationRequested)
                    {
                        verdicts[i] = LinearizabilityVerdict.Unknown;
                        return;
                    }

                    verdicts[i] = searches[i].Run(deadline, stop.Token);
                    if (verdicts[i] == LinearizabilityVerdict.NotLinearizable)
                    {
                        stop.Cancel();
                    }
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                // A model that throws should surface as it would from the sequential path.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }

        var violations = new List<LinearizabilityViolation>();
        var undecided = new List<string>();
        for (var i = 0; i < partitions.Count; i++)
        {
            switch (verdicts[i])
            {
                case LinearizabilityVerdict.NotLinearizable:
                    violations.Add(ViolationReport.Build(model, partitions[i], searches[i], Origin(history)));
                    break;
                case LinearizabilityVerdict.Unknown:
                    undecided.Add(partitions[i].Key);
                    break;
            }
        }

        var verdict = violations.Count > 0 ? LinearizabilityVerdict.NotLinearizable
            : undecided.Count > 0 ? LinearizabilityVerdict.Unknown
            : LinearizabilityVerdict.Linearizable;

        // A violation found in one partition makes the others' "unknown" (they were stopped) irrelevant.
        if (verdict == LinearizabilityVerdict.NotLinearizable)
        {
            undecided.Clear();
        }

        var explored = searches.Sum(s => (long)s.ExploredCount);
        return new LinearizabilityResult(
            verdict, history.Count, partitions.Count, violations, undecided, explored, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Checks a history written as call and return events (see <see cref="History.FromEvents{TInput, TOutput}"/>).</summary>
    public static LinearizabilityResult CheckEvents<TState, TInput, TOutput>(
        LinearizabilityModel<TState, TInput, TOutput> model,
        IReadOnlyList<HistoryEvent<TInput, TOutput>> events,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        Check(model, History.FromEvents(events), timeout, cancellationToken);

    private static List<PartitionHistory<TInput, TOutput>> Partition<TState, TInput, TOutput>(
        LinearizabilityModel<TState, TInput, TOutput> model,
        IReadOnlyList<Operation<TInput, TOutput>> history)
    {
        // Partitions in order of first appearance, so that reports and search order are reproducible.
        var members = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var keys = new List<string>();
        for (var i = 0; i < history.Count; i++)
        {
            var operation = history[i] ?? throw new ArgumentException($"Operation {i} is null.", nameof(history));
            if (operation.ReturnTime < operation.CallTime)
            {
                throw new ArgumentException(
                    $"Operation {i} ({operation.Input}) returns at {operation.ReturnTime}, before its call at {operation.CallTime}.", nameof(history));
            }

            if (operation.IsOutcomeKnown && model.ValidateOutput(operation.Input, operation.Output!) is { } problem)
            {
                throw new ArgumentException($"Operation {i} (client {operation.ClientId}) is malformed: {problem}", nameof(history));
            }

            // A read whose answer was lost tells nothing and changes nothing.
            if (!operation.IsOutcomeKnown && model.IsReadOnly(operation.Input))
            {
                continue;
            }

            var key = model.PartitionKey(operation.Input) ?? string.Empty;
            if (!members.TryGetValue(key, out var list))
            {
                members.Add(key, list = []);
                keys.Add(key);
            }

            list.Add(i);
        }

        return keys.ConvertAll(key => new PartitionHistory<TInput, TOutput>(key, history, members[key]));
    }

    private static long Origin<TInput, TOutput>(IReadOnlyList<Operation<TInput, TOutput>> history)
    {
        var origin = long.MaxValue;
        foreach (var operation in history)
        {
            origin = Math.Min(origin, operation.CallTime);
        }

        return history.Count == 0 ? 0 : origin;
    }

    private static long SaturatingAdd(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;
}
