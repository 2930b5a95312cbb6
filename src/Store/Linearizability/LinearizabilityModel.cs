namespace Actors.Store.Linearizability;

/// <summary>
/// The sequential specification of an object: the checker asks whether the operations of a concurrent
/// history can be put in an order, consistent with their real-time order, in which this specification
/// accepts every output.
/// </summary>
/// <remarks>
/// <para>
/// States are values: the checker keeps the states it has already explored (together with the set of
/// operations that led there) to avoid exploring them again, so <typeparamref name="TState"/> should be
/// small, immutable and cheap to hash and compare (see <see cref="StateComparer"/>).
/// </para>
/// <para>
/// The specification must be deterministic in its state: an input applied to a state leads to one
/// next state. What the output says only decides whether the step is allowed.
/// </para>
/// </remarks>
public abstract class LinearizabilityModel<TState, TInput, TOutput>
{
    /// <summary>The state of the object before any operation.</summary>
    public abstract TState InitialState { get; }

    /// <summary>
    /// Applies <paramref name="input"/> to <paramref name="state"/>, and tells whether the object could
    /// have answered <paramref name="output"/>.
    /// </summary>
    /// <param name="state">The state before the operation.</param>
    /// <param name="input">The operation's request.</param>
    /// <param name="output">The operation's observed response.</param>
    /// <param name="next">The state after the operation; only read when the step is allowed.</param>
    public abstract bool Step(TState state, TInput input, TOutput output, out TState next);

    /// <summary>
    /// Applies <paramref name="input"/> to <paramref name="state"/> for an operation whose response was
    /// never observed. Any output would have been accepted, so the step is always allowed.
    /// </summary>
    public abstract TState StepWithUnknownOutput(TState state, TInput input);

    /// <summary>
    /// Whether <paramref name="input"/> never changes the state, whatever the state. An operation that is
    /// read-only and whose outcome is unknown can be linearized anywhere without effect, so the checker
    /// drops it instead of carrying it through the whole search.
    /// </summary>
    public virtual bool IsReadOnly(TInput input) => false;

    /// <summary>
    /// Whether <paramref name="input"/> answered by <paramref name="output"/> leaves the state unchanged in
    /// every state where <see cref="Step"/> accepts it (such as a read, or a compare-and-set that reports a
    /// mismatch). The search linearizes such an operation as soon as it is accepted and never tries the
    /// alternatives: moving it earlier cannot invalidate any linearization. Defaults to
    /// <see cref="IsReadOnly(TInput)"/>.
    /// </summary>
    public virtual bool IsReadOnly(TInput input, TOutput output) => IsReadOnly(input);

    /// <summary>
    /// False only if no sequence of steps from <paramref name="state"/> can reach a state in which
    /// <see cref="Step"/> accepts <paramref name="input"/> answered by <paramref name="output"/> (for
    /// example because versions only grow and this one is already past). The search then abandons the
    /// branch at once, since that operation must still be linearized; without this, a branch that went
    /// wrong is only abandoned when an operation returns, which can be very late when operations with
    /// unknown outcomes keep offering new steps. Defaults to true, which is always sound.
    /// </summary>
    public virtual bool CanStillAccept(TState state, TInput input, TOutput output) => true;

    /// <summary>
    /// The independent part of the object that <paramref name="input"/> touches (such as a key). A history
    /// is linearizable if and only if each of its partitions is (P-compositionality), so the checker
    /// searches the partitions separately, and in parallel. The default puts everything in one partition.
    /// </summary>
    public virtual string PartitionKey(TInput input) => string.Empty;

    /// <summary>
    /// Returns why <paramref name="output"/> can never answer <paramref name="input"/> (such as a read
    /// answered by a write's acknowledgement), or null if it can. The checker rejects such a history up
    /// front, naming the operation, because it is a bug in the recording rather than in the object.
    /// </summary>
    public virtual string? ValidateOutput(TInput input, TOutput output) => null;

    /// <summary>How states are compared and hashed when the checker remembers where it has been.</summary>
    public virtual IEqualityComparer<TState> StateComparer => EqualityComparer<TState>.Default;

    /// <summary>
    /// A measure of <paramref name="state"/> that no step ever decreases, such as a version; 0 for a model
    /// without one. With <see cref="ProgressDeadline"/> it lets the search notice that a branch is lost
    /// because of an operation that has not even been called yet.
    /// </summary>
    public virtual long Progress(TState state) => 0;

    /// <summary>
    /// The greatest <see cref="Progress"/> of a state in which <see cref="Step"/> can accept
    /// <paramref name="input"/> answered by <paramref name="output"/> (for a read that reports a version,
    /// that version), or <see cref="long.MaxValue"/> if there is no such bound. Once the state has moved
    /// past it, the operation can never be linearized, so a branch that leaves it behind fails at once; at
    /// the deadline itself the search asks <see cref="CanStillAccept"/>.
    /// </summary>
    public virtual long ProgressDeadline(TInput input, TOutput output) => long.MaxValue;

    /// <summary>Describes a completed operation for a report, such as <c>get(x) -> 3</c>.</summary>
    public virtual string DescribeOperation(TInput input, TOutput output) => $"{input} -> {output}";

    /// <summary>Describes an operation whose outcome is unknown for a report.</summary>
    public virtual string DescribeOperation(TInput input) => $"{input} -> ?";

    /// <summary>Describes a state for a report.</summary>
    public virtual string DescribeState(TState state) => state?.ToString() ?? "null";
}
