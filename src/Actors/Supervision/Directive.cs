namespace Actors.Supervision;

/// <summary>What a supervisor does with a child that threw.</summary>
public enum Directive
{
    /// <summary>Keep the child's state and carry on with its next message.</summary>
    Resume,

    /// <summary>Replace the child with a fresh instance (<c>PreRestart</c> on the old, <c>PostRestart</c> on the new); its mailbox is kept.</summary>
    Restart,

    /// <summary>Stop the child.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception, so that its own supervisor decides.</summary>
    Escalate,
}
