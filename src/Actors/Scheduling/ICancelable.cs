namespace Actors.Scheduling;

/// <summary>A scheduled task that can be cancelled.</summary>
public interface ICancelable
{
    /// <summary>Whether <see cref="Cancel"/> was called (or the system terminated).</summary>
    bool IsCancellationRequested { get; }

    /// <summary>Stops future runs; a run already under way completes.</summary>
    void Cancel();
}
