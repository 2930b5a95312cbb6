namespace Actors.Store.Load;

/// <summary>How writes are sent.</summary>
public enum WriteMode
{
    /// <summary>Each write waits for its acknowledgement (and its version).</summary>
    Acknowledged,

    /// <summary>
    /// Writes are posted without waiting (<c>PostSet</c>, a Tell for the actor store) and flushed every
    /// <see cref="WorkloadOptions.PipelineDepth"/> writes; a posted write counts as acknowledged once a flush
    /// after it completes. Write latency is then the cost of posting.
    /// </summary>
    Pipelined,
}
