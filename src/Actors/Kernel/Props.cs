using Actors.Mailboxes;
using Actors.Supervision;

namespace Actors;

/// <summary>
/// The immutable recipe for an actor: how to make an instance, which mailbox and dispatcher it uses, and optionally the
/// strategy that supervises its children. One <see cref="Props"/> may create many actors.
/// </summary>
public sealed record Props
{
    private Props(Type actorType, Func<ActorBase> factory)
    {
        ActorType = actorType;
        Factory = factory;
    }

    /// <summary>The actor's class.</summary>
    public Type ActorType { get; }

    /// <summary>The mailbox id under <c>actors.mailboxes</c>.</summary>
    public string Mailbox { get; init; } = MailboxSettings.DefaultId;

    /// <summary>The dispatcher id under <c>actors.dispatchers</c>.</summary>
    public string Dispatcher { get; init; } = Dispatch.DispatcherSettings.DefaultId;

    /// <summary>Overrides the actor's own <c>SupervisorStrategy()</c> when set.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; init; }

    internal Func<ActorBase> Factory { get; }

    /// <summary>Props whose instances come from <paramref name="factory"/>, called once per incarnation (again on each restart).</summary>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(TActor), factory);
    }

    /// <summary>Props whose instances come from the parameterless constructor of <typeparamref name="TActor"/>.</summary>
    public static Props Create<TActor>()
        where TActor : ActorBase, new() => new(typeof(TActor), static () => new TActor());

    /// <summary>Uses the mailbox configured under <c>actors.mailboxes.{mailboxId}</c>.</summary>
    public Props WithMailbox(string mailboxId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mailboxId);
        return this with { Mailbox = mailboxId };
    }

    /// <summary>Uses the dispatcher configured under <c>actors.dispatchers.{dispatcherId}</c>.</summary>
    public Props WithDispatcher(string dispatcherId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dispatcherId);
        return this with { Dispatcher = dispatcherId };
    }

    /// <summary>Supervises the actor's children with <paramref name="strategy"/>.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return this with { SupervisorStrategy = strategy };
    }
}
