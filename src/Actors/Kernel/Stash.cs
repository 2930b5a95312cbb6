namespace Actors;

/// <summary>The stash of one actor instance; used only from the actor's turn.</summary>
internal sealed class Stash(ActorCell cell) : IStash
{
    private readonly List<Envelope> _stashed = [];

    public int Count => _stashed.Count;

    void IStash.Stash()
    {
        var current = cell.CurrentEnvelope;
        if (current.Message is null)
        {
            throw new InvalidOperationException("Stash() can only be called while the actor is processing a message.");
        }

        if (_stashed.Count > 0 && ReferenceEquals(_stashed[^1].Message, current.Message))
        {
            throw new InvalidOperationException($"The message {current.Message.GetType().Name} is already stashed; a message can be stashed once per delivery.");
        }

        _stashed.Add(current);
    }

    public void Unstash()
    {
        if (_stashed.Count == 0)
        {
            return;
        }

        var first = _stashed[0];
        _stashed.RemoveAt(0);
        cell.Mailbox.PrependFromTurn([first]);
    }

    public void UnstashAll()
    {
        if (_stashed.Count == 0)
        {
            return;
        }

        cell.Mailbox.PrependFromTurn(_stashed.ToArray());
        _stashed.Clear();
    }

    public IReadOnlyList<object> ClearStash()
    {
        var messages = _stashed.Select(e => e.Message).ToArray();
        _stashed.Clear();
        return messages;
    }
}
