namespace Actors.Store.Load;

/// <summary>How workers pace their operations.</summary>
public enum LoopMode
{
    /// <summary>Each worker sends its next operation when the previous one completes: measures capacity.</summary>
    Closed,

    /// <summary>
    /// Operations are sent on a fixed schedule at the target rate whether or not earlier ones completed, and each
    /// latency is measured from its intended send time, so a stall shows as the queue it builds (no coordinated
    /// omission).
    /// </summary>
    Open,
}
