namespace Actors;

/// <summary>Death watch: who this actor watches, who watches it, and delivering <see cref="Terminated"/> exactly once.</summary>
internal sealed partial class ActorCell
{
    public IActorRef Watch(IActorRef subject)
    {
        var target = AsInternal(subject, nameof(subject));
        if (!ReferenceEquals(target, _self) && (Extras.Watching ??= []).Add(target))
        {
            target.SendSystemMessage(new Watch(target, _self));
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        var target = AsInternal(subject, nameof(subject));
        if (_extras?.Watching?.Remove(target) == true)
        {
            target.SendSystemMessage(new Unwatch(target, _self));
        }

        // A Terminated already queued for it is cancelled too.
        _extras?.QueuedTerminated?.Remove(target);
        return subject;
    }

    private void HandleWatch(Watch watch)
    {
        if (ReferenceEquals(watch.Watchee, _self) && !ReferenceEquals(watch.Watcher, _self))
        {
            (Extras.Watchers ??= []).Add(watch.Watcher);
        }
    }

    private void HandleUnwatch(Unwatch unwatch) => _extras?.Watchers?.Remove(unwatch.Watcher);

    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        var actor = notification.Actor;
        if (notification.IsChild && actor is LocalActorRef child)
        {
            RemoveChild(child);
        }

        if (_extras?.Watching?.Remove(actor) == true && _state < CellState.Terminating)
        {
            var terminated = new Terminated(actor) { IsNotification = true };
            (Extras.QueuedTerminated ??= [])[actor] = terminated;
            Mailbox.EnqueueFromTurn(new Envelope(terminated, actor));
        }

        if (notification.IsChild)
        {
            OnChildRemoved();
        }
    }

    /// <summary>Whether a runtime-delivered Terminated is still wanted (it was not cancelled by an Unwatch).</summary>
    private bool AcceptTerminated(Terminated terminated)
    {
        var queued = _extras?.QueuedTerminated;
        if (queued is not null && queued.TryGetValue((InternalActorRef)terminated.ActorRef, out var current) && ReferenceEquals(current, terminated))
        {
            queued.Remove((InternalActorRef)terminated.ActorRef);
            return true;
        }

        return false;
    }

    private void OnChildRemoved()
    {
        if (_state == CellState.Terminating)
        {
            if (ChildCount() == 0)
            {
                FinishTerminate();
            }
        }
        else if (_extras?.PendingRecreate is { } cause && !HasChildrenStoppedByMe())
        {
            _extras.PendingRecreate = null;
            FinishRecreate(cause);
        }
    }

    private void NotifyTerminated()
    {
        _parent?.SendSystemMessage(new DeathWatchNotification(_self, isChild: true));
        if (_extras is not { } extras)
        {
            return;
        }

        if (extras.Watchers is { } watchers)
        {
            foreach (var watcher in watchers)
            {
                watcher.SendSystemMessage(new DeathWatchNotification(_self, isChild: false));
            }

            extras.Watchers = null;
        }

        if (extras.Watching is { } watching)
        {
            foreach (var watched in watching)
            {
                watched.SendSystemMessage(new Unwatch(watched, _self));
            }

            extras.Watching = null;
        }
    }
}
