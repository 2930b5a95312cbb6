namespace Actors.Store.Strategies;

/// <summary>
/// Go's <c>fatal error: concurrent map …</c>, raised by <see cref="GoMapGuard"/> in <see cref="GoFatalMode.Throw"/>.
/// In Go this is not a panic: <c>recover</c> cannot catch it and the process exits. The in-process lab throws
/// it only so that it can count it; <see cref="GoFatalMode.FailFast"/> shows the real thing.
/// </summary>
public sealed class GoFatalError : Exception
{
    public const string ConcurrentWrites = "concurrent map writes";
    public const string ReadAndWrite = "concurrent map read and map write";
    public const string IterationAndWrite = "concurrent map iteration and map write";

    public GoFatalError()
        : this(ConcurrentWrites)
    {
    }

    public GoFatalError(string reason)
        : base("fatal error: " + reason) => Reason = reason;

    public GoFatalError(string reason, Exception innerException)
        : base("fatal error: " + reason, innerException) => Reason = reason;

    /// <summary>One of <see cref="ConcurrentWrites"/>, <see cref="ReadAndWrite"/>, <see cref="IterationAndWrite"/>.</summary>
    public string Reason { get; }
}
