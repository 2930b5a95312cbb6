namespace Actors;

/// <summary>
/// Puts the current message aside to be processed later, typically until the actor <c>Become</c>s ready.
/// Unstashed messages go to the front of the mailbox, in the order they were stashed. On restart the stash is
/// returned to the mailbox; on stop its messages become dead letters.
/// </summary>
public interface IStash
{
    /// <summary>Number of stashed messages.</summary>
    int Count { get; }

    /// <summary>Stashes the message being processed.</summary>
    void Stash();

    /// <summary>Returns the oldest stashed message to the front of the mailbox.</summary>
    void Unstash();

    /// <summary>Returns every stashed message to the front of the mailbox, oldest first.</summary>
    void UnstashAll();

    /// <summary>Discards the stash and returns what it held.</summary>
    IReadOnlyList<object> ClearStash();
}
