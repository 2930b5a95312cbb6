namespace Actors.Store.Strategies;

/// <summary>
/// A strategy refused an operation by design — a bounded mailbox was full — and did not apply it. The lab
/// counts these as rejections (explicit back-pressure), never as errors or lost data: the caller was told.
/// </summary>
public sealed class OperationRejectedException : Exception
{
    public OperationRejectedException()
        : base("The operation was rejected: the store is overloaded.")
    {
    }

    public OperationRejectedException(string message)
        : base(message)
    {
    }

    public OperationRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
