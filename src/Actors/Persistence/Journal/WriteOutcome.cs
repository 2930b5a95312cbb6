namespace Actors.Persistence.Journal;

/// <summary>What became of one <see cref="AtomicWrite"/>: committed, or failed with a cause.</summary>
public readonly struct WriteOutcome : IEquatable<WriteOutcome>
{
    private WriteOutcome(Exception? error) => Error = error;

    /// <summary>The write is committed.</summary>
    public static WriteOutcome Success => default;

    /// <summary>Null when the write is committed; otherwise why it failed.</summary>
    public Exception? Error { get; }

    public bool IsSuccess => Error is null;

    public static WriteOutcome Failure(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new WriteOutcome(error);
    }

    public bool Equals(WriteOutcome other) => ReferenceEquals(Error, other.Error);

    public override bool Equals(object? obj) => obj is WriteOutcome other && Equals(other);

    public override int GetHashCode() => Error?.GetHashCode() ?? 0;

    public static bool operator ==(WriteOutcome left, WriteOutcome right) => left.Equals(right);

    public static bool operator !=(WriteOutcome left, WriteOutcome right) => !left.Equals(right);

    public override string ToString() => IsSuccess ? "Success" : $"Failure({Error!.GetType().Name}: {Error.Message})";
}
