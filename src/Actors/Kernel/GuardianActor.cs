namespace Actors;

/// <summary>The actor behind <c>/</c>, <c>/user</c> and <c>/system</c>: it only supervises.</summary>
internal sealed class GuardianActor : ActorBase
{
    protected override bool Receive(object message) => false;
}
