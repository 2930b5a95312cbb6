namespace Actors;

/// <summary>
/// Current while an actor runs an async handler: continuations after <c>await</c> are posted back to the actor as
/// system messages and run on its turn, never concurrently with it. (A handler that uses
/// <c>ConfigureAwait(false)</c> opts out and must not touch actor state after that await.)
/// </summary>
internal sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state)
    {
        var continuation = new AsyncContinuation(d, state);
        if (!cell.Mailbox.PostSystem(continuation))
        {
            cell.OnSystemMessageAfterClose(continuation);
        }
    }

    public override SynchronizationContext CreateCopy() => this;
}
