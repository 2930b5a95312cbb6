namespace Actors.Persistence.Journal;

/// <summary>
/// Thrown by an <see cref="IBatchCommitter"/> when exactly one write of a batch is to blame for its
/// failure; the batch was rolled back, so the other writes can be retried without it.
/// </summary>
internal sealed class BatchWriteRejectedException : Exception
{
    public BatchWriteRejectedException(int index, Exception cause)
        : base($"Write {index} of the batch was rejected: {cause.Message}", cause)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Index = index;
        Cause = cause;
    }

    /// <summary>The position in the batch of the write to blame.</summary>
    public int Index { get; }

    /// <summary>What that write's caller is told.</summary>
    public Exception Cause { get; }
}
