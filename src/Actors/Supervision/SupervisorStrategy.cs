namespace Actors.Supervision;

/// <summary>
/// Decides what happens to a child that threw. An actor supplies its strategy by overriding
/// <c>ActorBase.SupervisorStrategy()</c>, or its creator sets one with <see cref="Props.WithSupervisorStrategy"/>.
/// </summary>
public abstract class SupervisorStrategy
{
    /// <summary>Restart on any exception except the ones that mean the child cannot work (see <see cref="DefaultDecider"/>).</summary>
    public static SupervisorStrategy Default { get; } = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stop the child on any exception.</summary>
    public static SupervisorStrategy Stopping { get; } = new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>
    /// Akka's default decider: stop on <see cref="ActorInitializationException"/>, <see cref="ActorKilledException"/>
    /// and <see cref="DeathPactException"/>; restart on anything else.
    /// </summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>The directive for <paramref name="child"/> after <paramref name="cause"/>, taking its restart history into account.</summary>
    internal abstract Directive Decide(IActorRef child, Exception cause, RestartStatistics statistics);
}
