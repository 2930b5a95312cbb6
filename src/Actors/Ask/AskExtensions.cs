namespace Actors;

/// <summary>Request/response on top of messages: <c>await actor.Ask&lt;Reply&gt;(question)</c>.</summary>
public static class AskExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary sender and completes with the first reply. Unlike Akka.NET,
    /// there is always a finite timeout unless you pass <see cref="Timeout.InfiniteTimeSpan"/>: by default
    /// <c>actors.ask-timeout</c> (5 s).
    /// </summary>
    /// <exception cref="AskTimeoutException">No reply within the timeout (names the target and the timeout).</exception>
    /// <exception cref="Mailboxes.MailboxFullException">The target's bounded mailbox refused the message.</exception>
    /// <exception cref="RecipientTerminatedException">The target terminated before processing the message.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>
    /// A <see cref="Status.Failure"/> reply faults the task with its cause, as does an exception thrown by the target
    /// while processing the message. A reply of another type than <typeparamref name="T"/> faults it with
    /// <see cref="InvalidCastException"/>. Replies after completion go to dead letters.
    /// </remarks>
    public static Task<T> Ask<T>(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var internalTarget = target as InternalActorRef
            ?? throw new ArgumentException($"{target.GetType().Name} is not a ref created by an ActorSystem.", nameof(target));
        var effectiveTimeout = timeout ?? internalTarget.System.Settings.AskTimeout;
        if (effectiveTimeout <= TimeSpan.Zero && effectiveTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), effectiveTimeout, "An ask timeout must be positive, or Timeout.InfiniteTimeSpan to wait forever.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var promise = new PromiseActorRef<T>(internalTarget, effectiveTimeout, message.GetType(), cancellationToken);
        var send = target.TellAsync(message, promise, cancellationToken);
        if (!send.IsCompletedSuccessfully)
        {
            ObserveSend(send, promise);
        }

        return promise.Task;
    }

    /// <summary><see cref="Ask{T}"/> with an untyped reply.</summary>
    public static Task<object> Ask(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        target.Ask<object>(message, timeout, cancellationToken);

    // A rejected send already failed the promise through the dead-letter path; this only makes sure the exception
    // is observed and covers any other fault.
    private static void ObserveSend<T>(ValueTask send, PromiseActorRef<T> promise) =>
        send.AsTask().ContinueWith(
            static (task, state) =>
            {
                if (task.Exception?.InnerException is { } cause)
                {
                    ((PromiseActorRef<T>)state!).Fail(cause);
                }
            },
            promise,
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}
