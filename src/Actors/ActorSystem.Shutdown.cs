using Actors.Shutdown;

namespace Actors;

/// <summary>The runtime's own shutdown tasks: drain the user actors, then stop the hierarchy children-first.</summary>
public sealed partial class ActorSystem
{
    private void RegisterShutdownTasks()
    {
        CoordinatedShutdown.AddTask(CoordinatedShutdown.Phases.Drain, "drain-user-mailboxes", WaitForUserActorsIdleAsync);
        CoordinatedShutdown.AddTask(CoordinatedShutdown.Phases.StopActors, "stop-actors", StopHierarchyAsync);
    }

    /// <summary>
    /// Waits until no user actor has a queued message or a turn in progress, seen on two sweeps in a row (a message
    /// in flight between two actors can hide from one sweep). The phase timeout bounds the wait.
    /// </summary>
    private async Task WaitForUserActorsIdleAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(1);
        var cleanSweeps = 0;
        while (cleanSweeps < 2)
        {
            cleanSweeps = IsIdle(_userGuardian.Cell) ? cleanSweeps + 1 : 0;
            if (cleanSweeps < 2)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 20));
            }
        }
    }

    private static bool IsIdle(ActorCell cell)
    {
        if (!cell.Mailbox.IsIdle)
        {
            return false;
        }

        foreach (var child in cell.Children)
        {
            if (!IsIdle(((LocalActorRef)child).Cell))
            {
                return false;
            }
        }

        return true;
    }

    private async Task StopHierarchyAsync(CancellationToken cancellationToken)
    {
        // User actors first, so that runtime services under /system outlive them; then the root itself.
        Stop(_userGuardian);
        await _userGuardian.Cell.WhenTerminated().WaitAsync(cancellationToken).ConfigureAwait(false);
        Stop(_systemGuardian);
        await _systemGuardian.Cell.WhenTerminated().WaitAsync(cancellationToken).ConfigureAwait(false);
        _root.SelfRef.SendSystemMessage(new Terminate());
        await _root.WhenTerminated().WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
