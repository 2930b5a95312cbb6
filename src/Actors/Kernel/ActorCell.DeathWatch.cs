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
        if (_extras?.QueuedTerminated is { } queued && queued.Remove(target, out var pending))
        {
            (_extras.CancelledTerminated ??= new HashSet<Terminated>(ReferenceEqualityComparer.Instance)).Add(pending);
        }

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
            var terminated = new Terminated(actor);
            (Extras.QueuedTerminated ??= [])[actor] = terminated;
            Mailbox.EnqueueFromTurn(new Envelope(terminated, actor));
        }

        if (notification.IsChild)
        {
            OnChildRemoved();
        }
    }

    /// <summary>
    /// Whether <paramref name="terminated"/> is a notification this actor queued and then cancelled with an Unwatch.
    /// Identity, not equality, decides: a Terminated that another actor forwards is an ordinary message.
    /// </summary>
    private bool IsCancelledNotification(Terminated terminated)
    {
        if (_extras is not { } extras)
        {
            return false;
        }

        if (extras.CancelledTerminated?.Remove(terminated) == true)
        {
            return true;
        }

        if (terminated.ActorRef is InternalActorRef actor &&
            extras.QueuedTerminated is { } queued && queued.TryGetValue(actor, out var pending) && ReferenceEquals(pending, terminated))
        {
            queued.Remove(actor);
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
