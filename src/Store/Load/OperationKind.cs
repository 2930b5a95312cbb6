namespace Actors.Store.Load;

/// <summary>The operations a workload mixes.</summary>
public enum OperationKind
{
    Read,
    Write,
    Increment,

    /// <summary>A read followed by a compare-and-set at the version read: one optimistic update attempt.</summary>
    Cas,

    /// <summary>A bounded prefix scan.</summary>
    Scan,
}
