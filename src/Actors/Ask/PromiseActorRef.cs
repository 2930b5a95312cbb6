using Actors.Diagnostics;
using Actors.Events;

namespace Actors;

/// <summary>
/// The one-shot sender of an ask: the first reply (or failure, timeout, cancellation) completes the task; anything
/// after that is a dead letter. Its path is made only when someone looks, since most asks never need it.
/// </summary>
internal sealed class PromiseActorRef<T> : InternalActorRef, IPromiseRef
{
    private static long s_nextId;

    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly InternalActorRef _target;
    private readonly TimeSpan _timeout;
    private readonly Type _messageType;
    private ITimer? _timer;
    private readonly CancellationTokenRegistration _cancellation;
    private ActorPath? _path;

    public PromiseActorRef(InternalActorRef target, TimeSpan timeout, Type messageType, CancellationToken cancellationToken)
    {
        _target = target;
        _timeout = timeout;
        _messageType = messageType;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = target.System.TimeProvider.CreateTimer(static p => ((PromiseActorRef<T>)p!).OnTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (p, token) => ((PromiseActorRef<T>)p!).OnCancelled(token), this);
        }
    }

    public Task<T> Task => _completion.Task;

    public override ActorPath Path => _path ??= System.TempPath($"$ask-{Interlocked.Increment(ref s_nextId)}");

    public override ActorSystem System => _target.System;

    public override bool IsTerminated => _completion.Task.IsCompleted;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        var completed = message switch
        {
            Status.Failure failure => _completion.TrySetException(failure.Cause),
            T reply => _completion.TrySetResult(reply),
            Status.Success { Result: T result } => _completion.TrySetResult(result),
            _ => _completion.TrySetException(new InvalidCastException(
                $"Ask<{typeof(T).Name}> of {_messageType.Name} to {_target.Path} received a reply of type {message.GetType().Name}, which is not a {typeof(T).Name}.")),
        };

        if (completed)
        {
            Release();
        }
        else
        {
            System.DeadLetterOffice.Publish(new DeadLetter(
                message, sender, this, DeadLetterReason.AskAlreadyCompleted,
                $"reply to an ask of {_messageType.Name} to {_target.Path} that had already completed ({DescribeOutcome()})"));
        }
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        // Nobody watches a promise in practice; answer a watch as if it were already dead once completed.
        if (message is Watch watch && IsTerminated)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, isChild: false));
        }
    }

    public void Fail(Exception cause)
    {
        if (_completion.TrySetException(cause))
        {
            Release();
        }
    }

    private void OnTimeout()
    {
        if (_completion.TrySetException(new AskTimeoutException(_target.Path, _timeout, _messageType)))
        {
            ActorMetrics.AskTimedOut();
            Release();
        }
    }

    private void OnCancelled(CancellationToken token)
    {
        if (_completion.TrySetCanceled(token))
        {
            Release();
        }
    }

    private void Release()
    {
        _timer?.Dispose();
        _timer = null;
        _cancellation.Dispose();
    }

    private string DescribeOutcome()
    {
        var task = _completion.Task;
        return task.IsCanceled ? "cancelled"
            : task.Exception?.InnerException is AskTimeoutException ? $"timed out after {AskTimeoutException.FormatTimeout(_timeout)}"
            : task.IsFaulted ? "failed"
            : "already answered";
    }
}
