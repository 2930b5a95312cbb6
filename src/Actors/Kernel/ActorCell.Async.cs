using System.Runtime.ExceptionServices;

namespace Actors;

/// <summary>
/// Async handlers: while a handler's task is pending the mailbox processes no user message, so order holds; its
/// continuations are posted back into the actor through <see cref="ActorSynchronizationContext"/>, so that after an
/// <c>await</c> the handler still sees its <c>Sender</c> and runs on the actor's turn.
/// </summary>
internal sealed partial class ActorCell
{
    public void RunAsyncHandler<T>(Func<T, Task> handler, T message)
    {
        var context = Extras.SyncContext ??= new ActorSynchronizationContext(this);
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        Task task;
        try
        {
            task = handler(message);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (task.IsCompleted)
        {
            // Completed synchronously: a failure is an ordinary failure of this message.
            task.GetAwaiter().GetResult();
            return;
        }

        _flags |= CellFlags.AsyncPending;
        Mailbox.Suspend();
        task.ContinueWith(
            static (_, state) =>
            {
                var completed = (AsyncCompleted)state!;
                completed.Target.SendSystemMessage(completed);
            },
            new AsyncCompleted(_self, task, _current),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void HandleAsyncCompleted(AsyncCompleted completed)
    {
        _flags &= ~CellFlags.AsyncPending;
        Mailbox.Resume();
        var task = completed.Task;
        if (!task.IsCompletedSuccessfully)
        {
            var error = task.IsCanceled
                ? new TaskCanceledException(task)
                : task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
            HandleFailure(error, completed.Envelope);
        }

        _current = default;
    }

    private void RunContinuation(AsyncContinuation continuation)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_extras?.SyncContext);
        try
        {
            continuation.Callback(continuation.State);
        }
        catch (Exception exception)
        {
            // An async method captures its own exceptions; anything here came from a raw Post and is this actor's failure.
            ExceptionDispatchInfo.Capture(exception).Throw();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}
