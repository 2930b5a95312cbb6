namespace Actors.Shutdown;

/// <summary>Timeouts of the shutdown phases and whether process exit runs them (<c>actors.coordinated-shutdown</c>).</summary>
public sealed record CoordinatedShutdownSettings
{
    /// <summary>The timeout of a phase that has none of its own (<c>default-phase-timeout</c>).</summary>
    public TimeSpan DefaultPhaseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Per-phase timeouts by phase name (<c>phases.{name}.timeout</c>).</summary>
    public IReadOnlyDictionary<string, TimeSpan> PhaseTimeouts { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Run the shutdown when the process exits, including on SIGTERM (<c>run-by-process-exit</c>).</summary>
    public bool RunByProcessExit { get; init; } = true;

    /// <summary>The timeout of <paramref name="phase"/>.</summary>
    public TimeSpan TimeoutOf(string phase) => PhaseTimeouts.TryGetValue(phase, out var timeout) ? timeout : DefaultPhaseTimeout;
}
