namespace Actors;

/// <summary>Faults an <c>Ask</c> that received no reply within its timeout.</summary>
public sealed class AskTimeoutException(ActorPath target, TimeSpan timeout, Type messageType)
    : TimeoutException($"Ask of {messageType.Name} to {target} timed out after {FormatTimeout(timeout)} with no reply.")
{
    /// <summary>The actor that was asked.</summary>
    public ActorPath Target { get; } = target;

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; } = timeout;

    internal static string FormatTimeout(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1 ? $"{timeout.TotalSeconds:0.###} s" : $"{timeout.TotalMilliseconds:0.###} ms";
}
