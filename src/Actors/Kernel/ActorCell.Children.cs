namespace Actors;

/// <summary>Children: creation with unique names, lookup, and stopping.</summary>
internal sealed partial class ActorCell
{
    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            lock (this)
            {
                return _extras?.Children is { Count: > 0 } children ? [.. children.Values] : [];
            }
        }
    }

    public IActorRef ActorOf(Props props, string? name = null) => AttachChild(props, name);

    /// <summary>Creates a child. Safe from any thread: the guardians are asked from outside the system.</summary>
    public LocalActorRef AttachChild(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is not null)
        {
            ActorNames.Validate(name);
        }

        var mailbox = System.Mailboxes.Resolve(props.Mailbox);
        var dispatcher = System.Dispatchers.Resolve(props.Dispatcher);
        LocalActorRef child;
        lock (this)
        {
            if (_state >= CellState.Terminating)
            {
                throw new InvalidOperationException($"Cannot create a child of {Path}: it is stopping.");
            }

            var extras = Extras;
            name ??= ActorNames.Automatic(extras.NextChildNameId++);
            var children = extras.Children ??= new Dictionary<string, LocalActorRef>(StringComparer.Ordinal);
            if (children.ContainsKey(name))
            {
                throw new InvalidActorNameException(
                    $"An actor named '{name}' already exists under {Path}. Names are unique among siblings; a stopped child's name is free again once its parent has processed its termination.");
            }

            child = new ActorCell(System, Path.Child(name), _self, props, mailbox, dispatcher).SelfRef;
            children.Add(name, child);
        }

        child.SendSystemMessage(new Create());
        return child;
    }

    public IActorRef? Child(string name)
    {
        lock (this)
        {
            return _extras?.Children is { } children && children.TryGetValue(name, out var child) ? child : null;
        }
    }

    public void Stop(IActorRef actor)
    {
        var target = AsInternal(actor, nameof(actor));
        if (target is LocalActorRef child && IsChild(child))
        {
            StopChild(child);
        }
        else
        {
            // Stopping self (or any other actor) happens after the current message: Terminate is a system message.
            target.SendSystemMessage(new Terminate());
        }
    }

    private void StopChild(LocalActorRef child)
    {
        child.Cell.Extras.StopRequestedByParent = true;
        child.SendSystemMessage(new Terminate());
    }

    private bool IsChild(LocalActorRef child)
    {
        lock (this)
        {
            return _extras?.Children is { } children &&
                   children.TryGetValue(child.Path.Name, out var current) && ReferenceEquals(current, child);
        }
    }

    private bool HasChildrenStoppedByMe()
    {
        lock (this)
        {
            if (_extras?.Children is not { Count: > 0 } children)
            {
                return false;
            }

            foreach (var child in children.Values)
            {
                if (child.Cell._extras?.StopRequestedByParent == true)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private void RemoveChild(LocalActorRef child)
    {
        lock (this)
        {
            if (_extras?.Children is { } children &&
                children.TryGetValue(child.Path.Name, out var current) && ReferenceEquals(current, child))
            {
                children.Remove(child.Path.Name);
            }
        }
    }

    private int ChildCount()
    {
        lock (this)
        {
            return _extras?.Children?.Count ?? 0;
        }
    }

    private static InternalActorRef AsInternal(IActorRef actor, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(actor, parameterName);
        return actor as InternalActorRef
            ?? throw new ArgumentException($"{actor.GetType().Name} is not a ref created by an ActorSystem.", parameterName);
    }
}
