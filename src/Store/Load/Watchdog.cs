namespace Actors.Store.Load;

/// <summary>
/// Runs work that might never finish — an operation on a corrupted map can spin on a cyclic bucket chain — on a
/// thread of its own, and stops waiting for it after a timeout. .NET cannot abort a thread, so a hung one is
/// abandoned (it keeps its core until the process exits); the lab reports it and moves on rather than hanging.
/// </summary>
public static class Watchdog
{
    public static async Task<WatchdogOutcome<T>> RunAsync<T>(Func<Task<T>> work, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        try
        {
            return new WatchdogOutcome<T>(WatchdogStatus.Completed, await task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false), null);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            // Observe the abandoned task's eventual fault so that it is not reported as unobserved.
            _ = task.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return new WatchdogOutcome<T>(WatchdogStatus.TimedOut, default, null);
        }
        catch (Exception error) when (task.IsFaulted || task.IsCanceled)
        {
            return new WatchdogOutcome<T>(WatchdogStatus.Faulted, default, error);
        }
    }
}
