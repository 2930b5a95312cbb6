namespace Actors.Store.Linearizability;

/// <summary>What the checker concluded about a history.</summary>
public enum LinearizabilityVerdict
{
    /// <summary>Some order of the operations, consistent with real time, satisfies the model.</summary>
    Linearizable,

    /// <summary>No such order exists; the result's violations explain where the search got stuck.</summary>
    NotLinearizable,

    /// <summary>The search ran out of time (or was cancelled) before it could decide.</summary>
    Unknown,
}
