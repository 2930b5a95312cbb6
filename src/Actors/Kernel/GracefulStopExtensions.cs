namespace Actors;

/// <summary>Stopping an actor and waiting for it, as Akka's <c>GracefulStop</c>.</summary>
public static class GracefulStopExtensions
{
    /// <summary>
    /// Sends <paramref name="stopMessage"/> (default <see cref="PoisonPill"/>: the actor first processes what is queued)
    /// and completes with <see langword="true"/> when the actor has terminated, or <see langword="false"/> if it has not
    /// within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<bool> GracefulStop(this IActorRef target, TimeSpan timeout, object? stopMessage = null)
    {
        var local = target as LocalActorRef
            ?? throw new ArgumentException($"{target.GetType().Name} is not a local actor ref.", nameof(target));
        var terminated = local.Cell.WhenTerminated();
        if (terminated.IsCompleted)
        {
            return true;
        }

        target.Tell(stopMessage ?? PoisonPill.Instance, null);
        var finished = await Task.WhenAny(terminated, Task.Delay(timeout)).ConfigureAwait(false);
        return finished == terminated;
    }

    /// <summary>Completes when <paramref name="target"/> has terminated (at once if it already has).</summary>
    public static Task WhenTerminated(this IActorRef target) =>
        (target as LocalActorRef ?? throw new ArgumentException($"{target.GetType().Name} is not a local actor ref.", nameof(target))).Cell.WhenTerminated();
}
