namespace Actors.Store.Load;

/// <summary>The lab's one-word judgement of a strategy, from best to worst.</summary>
public enum Verdict
{
    /// <summary>Every acknowledged operation is there, nothing threw, nothing is broken.</summary>
    Clean,

    /// <summary>Some operations were refused by design (a full bounded mailbox) and the caller was told; nothing else went wrong.</summary>
    Rejected,

    /// <summary>Operations threw (a runtime guard tripped) but no acknowledged data was lost.</summary>
    GuardTripped,

    /// <summary>Acknowledged writes or increments are missing: silent data loss.</summary>
    DataLost,

    /// <summary>The map itself is broken: its structure is inconsistent, it returned other keys' values, or it hung.</summary>
    Corrupted,
}
