using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Actors.Shutdown;

/// <summary>
/// Stops a system in ordered phases, each with a timeout: stop accepting work, drain mailboxes, flush journals,
/// stop actors, close connections. Components register tasks in the phase they belong to; the tasks of one phase run
/// concurrently, and a phase that exceeds its timeout is logged and left behind so that shutdown always finishes.
/// It runs once, on <see cref="ActorSystem.Terminate()"/> or on process exit (SIGTERM).
/// </summary>
public sealed class CoordinatedShutdown
{
    private readonly ActorSystem _system;
    private readonly CoordinatedShutdownSettings _settings;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Name, Func<CancellationToken, Task> Task)>> _tasks = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Task? _run;

    internal CoordinatedShutdown(ActorSystem system, CoordinatedShutdownSettings settings)
    {
        _system = system;
        _settings = settings;
    }

    /// <summary>The phases, in the order they run.</summary>
    public static IReadOnlyList<string> OrderedPhases { get; } =
        [Phases.StopAccepting, Phases.Drain, Phases.Flush, Phases.StopActors, Phases.Close];

    /// <summary>Why the shutdown runs, once it has started.</summary>
    public string? Reason { get; private set; }

    /// <summary>Registers <paramref name="task"/> to run in <paramref name="phase"/>; the token fires at the phase timeout.</summary>
    public void AddTask(string phase, string name, Func<CancellationToken, Task> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!OrderedPhases.Contains(phase))
        {
            throw new ArgumentException($"Unknown shutdown phase '{phase}'. Phases are: {string.Join(", ", OrderedPhases)}.", nameof(phase));
        }

        lock (_gate)
        {
            if (_run is not null)
            {
                throw new InvalidOperationException($"Cannot add shutdown task '{name}': the shutdown has already started ({Reason}).");
            }

            _tasks.GetOrAdd(phase, static _ => new()).Enqueue((name, task));
        }
    }

    /// <summary>Runs the shutdown (once; later calls return the same task).</summary>
    public Task RunAsync(string reason)
    {
        lock (_gate)
        {
            if (_run is null)
            {
                Reason = reason;
                _run = Task.Run(() => RunPhasesAsync(reason));
            }

            return _run;
        }
    }

    private async Task RunPhasesAsync(string reason)
    {
        var log = _system.RuntimeLog;
        log.LogInformation("Coordinated shutdown of {System}: {Reason}.", _system.Name, reason);
        foreach (var phase in OrderedPhases)
        {
            if (!_tasks.TryGetValue(phase, out var tasks) || tasks.IsEmpty)
            {
                continue;
            }

            var timeout = _settings.TimeoutOf(phase);
            using var cancellation = new CancellationTokenSource(timeout);
            var running = tasks.Select(t => RunTaskAsync(phase, t.Name, t.Task, cancellation.Token)).ToArray();
            var all = Task.WhenAll(running);
            var finished = await Task.WhenAny(all, Task.Delay(timeout)).ConfigureAwait(false);
            if (finished != all)
            {
                cancellation.Cancel();
                log.LogWarning("Shutdown phase {Phase} of {System} did not finish within {Timeout}; continuing with the next phase.", phase, _system.Name, timeout);
            }
        }
    }

    private async Task RunTaskAsync(string phase, string name, Func<CancellationToken, Task> task, CancellationToken cancellationToken)
    {
        try
        {
            await task(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _system.RuntimeLog.LogError(exception, "Shutdown task {Task} in phase {Phase} failed; continuing.", name, phase);
        }
    }

    /// <summary>The phase names.</summary>
    public static class Phases
    {
        /// <summary>Stop taking new work: unbind listeners, refuse requests.</summary>
        public const string StopAccepting = "stop-accepting";

        /// <summary>Let actors process what is already in their mailboxes.</summary>
        public const string Drain = "drain";

        /// <summary>Make everything acknowledged durable: flush journals.</summary>
        public const string Flush = "flush";

        /// <summary>Stop all actors, children before parents.</summary>
        public const string StopActors = "stop-actors";

        /// <summary>Release connections and other resources.</summary>
        public const string Close = "close";
    }
}
