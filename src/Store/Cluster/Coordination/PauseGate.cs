namespace Actors.Store.Cluster;

/// <summary>
/// Lets tests freeze a node's background loops with its connections left open, as SIGSTOP would freeze the process:
/// every loop waits here before each step.
/// </summary>
internal sealed class PauseGate
{
    private static readonly Task Open = Task.CompletedTask;
    private readonly object _lock = new();
    private TaskCompletionSource? _closed;

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _closed is null ? Open : _closed.Task.WaitAsync(cancellationToken);
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Reopen()
    {
        lock (_lock)
        {
            _closed?.TrySetResult();
            _closed = null;
        }
    }
}
