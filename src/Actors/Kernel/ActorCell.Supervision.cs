using Actors.Diagnostics;
using Actors.Events;
using Actors.Supervision;
using Microsoft.Extensions.Logging;

namespace Actors;

/// <summary>Failure: reporting this actor's own exceptions upwards, and deciding about failing children.</summary>
internal sealed partial class ActorCell
{
    private void HandleFailure(Exception cause, in Envelope envelope)
    {
        // An asker learns at once instead of waiting for its timeout.
        if (envelope.Sender is IPromiseRef promise)
        {
            promise.Fail(cause);
        }

        Extras.FailedMessage = envelope.Message;
        System.EventStream.Publish(new ActorFailed(_self, cause, envelope.Message));
        Log.LogError(cause, "{Path} failed processing {MessageType}.", Path, envelope.Message?.GetType().Name ?? "a system message");
        ReportFailure(cause);
    }

    /// <summary>Suspends this actor and asks its parent to decide; the root, having no parent, stops.</summary>
    private void ReportFailure(Exception cause)
    {
        if (_state >= CellState.Terminating)
        {
            return;
        }

        if ((_flags & CellFlags.Failed) == 0)
        {
            _flags |= CellFlags.Failed;
            Mailbox.Suspend();
        }

        if (_parent is null)
        {
            System.RuntimeLog.LogCritical(cause, "The root guardian of {System} failed; stopping the actor system.", System.Name);
            BeginTerminate();
            return;
        }

        _parent.SendSystemMessage(new Failed(_self, cause));
    }

    private void HandleChildFailed(Failed failed)
    {
        var child = failed.Child;
        if (_state >= CellState.Terminating || !IsChild(child))
        {
            // We are stopping all children anyway, or the child is already gone.
            return;
        }

        var directive = _parent is null
            ? Directive.Stop
            : SupervisorStrategyForChildren().Decide(child, failed.Cause, child.Cell.Extras.RestartStatistics ??= new RestartStatistics());

        switch (directive)
        {
            case Directive.Resume:
                child.SendSystemMessage(new Resume());
                break;
            case Directive.Restart:
                ActorMetrics.Restarted();
                child.SendSystemMessage(new Recreate(failed.Cause));
                break;
            case Directive.Stop:
                StopChild(child);
                break;
            case Directive.Escalate:
                (Extras.EscalatedChildren ??= []).Add(child);
                ReportFailure(failed.Cause);
                break;
        }
    }

    private SupervisorStrategy SupervisorStrategyForChildren() =>
        Props.SupervisorStrategy ?? _actor?.CallSupervisorStrategy() ?? SupervisorStrategy.Default;
}
