namespace Actors.Store.Strategies;

/// <summary>How a Go-faithful child process ended, as its parent observed it.</summary>
/// <param name="ExitCode">The child's exit code (a fail-fast abort is 134, SIGABRT, on Linux); null if it was killed after a timeout.</param>
/// <param name="FatalMessage">The "fatal error: …" line the child printed, if any.</param>
/// <param name="Recovered">Whether the child's <c>catch</c> ran — it never should.</param>
/// <param name="FinallyRan">Whether the child's <c>finally</c> ran — it never should.</param>
/// <param name="StandardOutput">Everything the child wrote to standard output.</param>
/// <param name="StandardError">Everything the child wrote to standard error (where the runtime prints the fatal error).</param>
public sealed record GoFatalOutcome(int? ExitCode, string? FatalMessage, bool Recovered, bool FinallyRan, string StandardOutput, string StandardError)
{
    /// <summary>The child died of the fatal error and nothing in it could intervene.</summary>
    public bool DiedUnrecoverably => ExitCode is not null and not 0 && FatalMessage is not null && !Recovered && !FinallyRan;
}
