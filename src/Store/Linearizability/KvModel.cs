namespace Actors.Store.Linearizability;

/// <summary>
/// The sequential specification of the store's key-value operations, one key per partition.
/// </summary>
/// <remarks>
/// <para>Versions are what make the store's answers checkable beyond values:</para>
/// <list type="bullet">
/// <item>Every key starts missing at version 0. Every change — a <see cref="KvSet"/>, a matching
/// <see cref="KvCompareAndSet"/>, a <see cref="KvIncrement"/>, a <see cref="KvDelete"/> of an existing
/// key — adds one to the version, and a change reports the version it wrote.</item>
/// <item>Deleting keeps the last version as a tombstone: set (v1), delete (v2, missing), set again (v3).
/// So a version is never reused for a key, and a compare-and-set that expected a version from before a
/// delete cannot match the re-created key. Deleting a missing key changes nothing.</item>
/// <item>A compare-and-set matches when the key exists at the expected version, or when it expects 0 and
/// the key does not exist (create-only). A mismatch changes nothing.</item>
/// <item>An increment of a missing key starts from 0. An increment of a value that is not an integer (one
/// a <see cref="KvSetText"/> wrote), or one whose sum would overflow, fails with <see cref="KvNotAnInteger"/> and
/// changes nothing, not even the version; an increment that succeeds was applied to an integer.</item>
/// <item>A read tells an integer (<see cref="KvFound"/>) from a value that is not one (<see cref="KvFoundText"/>).</item>
/// </list>
/// <para>
/// Keys are independent, so the checker splits a history by key and the state is that of one key: a
/// <see cref="KvState"/> of three numbers and a flag, which keeps the search's cache small and its hashing cheap.
/// </para>
/// </remarks>
public sealed class KvModel : LinearizabilityModel<KvState, KvInput, KvOutput>
{
    public static KvModel Instance { get; } = new();

    private KvModel()
    {
    }

    public override KvState InitialState => KvState.Initial;

    public override bool Step(KvState state, KvInput input, KvOutput output, out KvState next)
    {
        next = StepWithUnknownOutput(state, input);
        return (input, output) switch
        {
            (KvGet, KvFound found) => state.Exists && !state.IsText && found.Value == state.Value && found.Version == state.Version,
            (KvGet, KvFoundText found) => state.Exists && state.IsText && found.Tag == state.Value && found.Version == state.Version,
            (KvGet, KvMissing) => !state.Exists,
            (KvSet or KvSetText, KvWritten written) => written.Version == next.Version,
            (KvCompareAndSet cas, KvWritten written) => Matches(state, cas) && written.Version == next.Version,
            (KvCompareAndSet cas, KvVersionMismatch) => !Matches(state, cas),
            (KvIncrement increment, KvIncremented incremented) =>
                Sum(state, increment) is { } sum && incremented.Value == sum
                && (incremented.Version is not { } version || version == next.Version),
            (KvIncrement increment, KvNotAnInteger) => Sum(state, increment) is null,
            (KvDelete, KvDeleted deleted) => deleted.Existed == state.Exists,
            _ => throw new ArgumentException(MismatchMessage(input, output), nameof(output)),
        };
    }

    public override KvState StepWithUnknownOutput(KvState state, KvInput input) => input switch
    {
        KvGet => state,
        KvSet set => new KvState(true, set.Value, state.Version + 1),
        KvSetText text => new KvState(true, text.Tag, state.Version + 1, IsText: true),
        KvCompareAndSet cas => Matches(state, cas) ? new KvState(true, cas.Value, state.Version + 1) : state,
        KvIncrement increment => Sum(state, increment) is { } sum ? new KvState(true, sum, state.Version + 1) : state,
        KvDelete => state.Exists ? new KvState(false, 0, state.Version + 1) : state,
        _ => throw new ArgumentException($"Unknown key-value operation {input}.", nameof(input)),
    };

    public override bool IsReadOnly(KvInput input) => input is KvGet;

    public override bool IsReadOnly(KvInput input, KvOutput output) => (input, output) switch
    {
        (KvGet, _) => true,
        (KvCompareAndSet, KvVersionMismatch) => true,
        (KvIncrement, KvNotAnInteger) => true,
        (KvDelete, KvDeleted { Existed: false }) => true,
        _ => false,
    };

    /// <summary>The version: every change adds one to it, and nothing takes it back.</summary>
    public override long Progress(KvState state) => state.Version;

    /// <summary>
    /// An answer that names a version pins the version the operation must see: that of a read, or the one
    /// before a write's.
    /// </summary>
    public override long ProgressDeadline(KvInput input, KvOutput output) => output switch
    {
        KvFound found => found.Version,
        KvFoundText found => found.Version,
        KvWritten written => written.Version - 1,
        KvIncremented { Version: { } version } => version - 1,
        _ => long.MaxValue,
    };

    /// <summary>
    /// The state at a version stays the same until the next change, so once the state has reached the
    /// version an operation pins, the operation is accepted now or never.
    /// </summary>
    public override bool CanStillAccept(KvState state, KvInput input, KvOutput output)
    {
        var pinned = ProgressDeadline(input, output);
        return state.Version < pinned || state.Version == pinned && Step(state, input, output, out _);
    }

    public override string PartitionKey(KvInput input) => input.Key;

    public override string? ValidateOutput(KvInput input, KvOutput output) => (input, output) switch
    {
        (KvGet, KvFound or KvFoundText or KvMissing) => null,
        (KvSet or KvSetText, KvWritten) => null,
        (KvCompareAndSet, KvWritten or KvVersionMismatch) => null,
        (KvIncrement, KvIncremented or KvNotAnInteger) => null,
        (KvDelete, KvDeleted) => null,
        _ => MismatchMessage(input, output),
    };

    public override string DescribeOperation(KvInput input, KvOutput output) => $"{input} -> {output}";

    public override string DescribeOperation(KvInput input) => $"{input} -> ? (outcome unknown)";

    /// <summary>
    /// The value an increment leaves, or null when it must fail: the value is not an integer, or the sum overflows
    /// (the store's <c>NotAnIntegerException</c> in both cases).
    /// </summary>
    private static long? Sum(KvState state, KvIncrement increment)
    {
        if (state.Exists && state.IsText)
        {
            return null;
        }

        var current = state.Exists ? state.Value : 0;
        var overflows = increment.By > 0 ? current > long.MaxValue - increment.By : current < long.MinValue - increment.By;
        return overflows ? null : current + increment.By;
    }

    private static bool Matches(KvState state, KvCompareAndSet cas) =>
        state.Exists ? state.Version == cas.ExpectedVersion : cas.ExpectedVersion == 0;

    private static string MismatchMessage(KvInput input, KvOutput? output) =>
        $"{input} cannot be answered by {output?.GetType().Name ?? "null"} ({output}).";
}
