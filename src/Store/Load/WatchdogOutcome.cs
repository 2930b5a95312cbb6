namespace Actors.Store.Load;

public enum WatchdogStatus
{
    Completed,
    Faulted,
    TimedOut,
}

/// <summary>How watched work ended: its value, its exception, or not at all within the timeout.</summary>
public readonly record struct WatchdogOutcome<T>(WatchdogStatus Status, T? Value, Exception? Error);
