using Actors.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Actors;

/// <summary>Creation, restart and termination of the actor instance.</summary>
internal sealed partial class ActorCell
{
    private void HandleCreate()
    {
        ActorMetrics.ActorStarted();
        _state = CellState.Running;
        try
        {
            _actor = NewActor();
            _actor.CallPreStart();
        }
        catch (Exception exception)
        {
            ReportFailure(new ActorInitializationException(Path, exception));
        }
    }

    private ActorBase NewActor()
    {
        Constructing = this;
        try
        {
            var actor = Props.Factory()
                ?? throw new InvalidOperationException($"The Props factory for {Props.ActorType.Name} returned null.");
            if (!ReferenceEquals(actor.Cell, this))
            {
                throw new InvalidOperationException(
                    $"The Props factory for {Props.ActorType.Name} must create a new instance on every call; it returned one created elsewhere.");
            }

            actor.OnConstructed();
            return actor;
        }
        finally
        {
            Constructing = null;
        }
    }

    private void HandleRecreate(Exception cause)
    {
        if (_state >= CellState.Terminating)
        {
            return;
        }

        if (_actor is { } failed)
        {
            // Nothing stashed is lost by a restart: it goes back to the front of the mailbox.
            failed.StashIfCreated?.UnstashAll();
            try
            {
                failed.CallPreRestart(cause, _extras?.FailedMessage);
            }
            catch (Exception exception)
            {
                Log.LogError(exception, "PreRestart of {Path} threw; restarting anyway.", Path);
            }
        }

        _actor = null;
        if (HasChildrenStoppedByMe())
        {
            // Children stopped by PreRestart keep their names until they have terminated; wait for them.
            Extras.PendingRecreate = cause;
            return;
        }

        FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        try
        {
            var fresh = NewActor();
            _actor = fresh;
            fresh.CallPostRestart(cause);
        }
        catch (Exception exception)
        {
            ReportFailure(new ActorInitializationException(Path, exception));
            return;
        }

        ClearFailure();
        if (_extras?.EscalatedChildren is { } escalated)
        {
            _extras.EscalatedChildren = null;
            foreach (var child in escalated)
            {
                if (IsChild(child))
                {
                    child.SendSystemMessage(new Recreate(cause));
                }
            }
        }
    }

    private void HandleResume()
    {
        if ((_flags & CellFlags.Failed) == 0 || _state >= CellState.Terminating)
        {
            return;
        }

        if (_actor is null)
        {
            // There is no instance to resume (it failed to initialise); a fresh one is the only way on.
            FinishRecreate(new InvalidOperationException($"{Path} was resumed after failing to initialise; it was restarted instead."));
            return;
        }

        ClearFailure();
        if (_extras?.EscalatedChildren is { } escalated)
        {
            _extras.EscalatedChildren = null;
            foreach (var child in escalated)
            {
                child.SendSystemMessage(new Resume());
            }
        }
    }

    private void ClearFailure()
    {
        if ((_flags & CellFlags.Failed) != 0)
        {
            _flags &= ~CellFlags.Failed;
            if (_extras is not null)
            {
                _extras.FailedMessage = null;
            }

            Mailbox.Resume();
        }
    }

    /// <summary>Starts stopping: no more user messages; children are stopped first, then <see cref="FinishTerminate"/>.</summary>
    private void BeginTerminate()
    {
        LocalActorRef[] children;
        lock (this)
        {
            if (_state >= CellState.Terminating)
            {
                return;
            }

            _state = CellState.Terminating;
            children = _extras?.Children is { Count: > 0 } map ? [.. map.Values] : [];
        }

        Mailbox.Suspend();
        StopReceiveTimeoutTimer();
        foreach (var child in children)
        {
            StopChild(child);
        }

        if (children.Length == 0)
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        if (_actor is { } actor)
        {
            // Stashed messages go back to the queue so that closing the mailbox dead-letters them with the rest.
            actor.StashIfCreated?.UnstashAll();
            try
            {
                actor.CallPostStop();
            }
            catch (Exception exception)
            {
                Log.LogError(exception, "PostStop of {Path} threw.", Path);
            }
        }

        _actor = null;
        TaskCompletionSource? terminated;
        lock (this)
        {
            _state = CellState.Terminated;
            terminated = _extras?.Terminated;
        }

        Mailbox.Close();
        NotifyTerminated();
        ActorMetrics.ActorStopped();
        terminated?.TrySetResult();
        if (_parent is null)
        {
            System.OnRootTerminated();
        }
    }
}
