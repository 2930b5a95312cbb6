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
/// <item>An increment of a missing key starts from 0.</item>
/// </list>
/// <para>
/// Keys are independent, so the checker splits a history by key and the state is that of one key: a
/// <see cref="KvState"/> of three numbers, which keeps the search's cache small and its hashing cheap.
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
            (KvGet, KvFound found) => state.Exists && found.Value == state.Value && found.Version == state.Version,
            (KvGet, KvMissing) => !state.Exists,
            (KvSet, KvWritten written) => written.Version == next.Version,
            (KvCompareAndSet cas, KvWritten written) => Matches(state, cas) && written.Version == next.Version,
            (KvCompareAndSet cas, KvVersionMismatch) => !Matches(state, cas),
            (KvIncrement, KvIncremented incremented) =>
                incremented.Value == next.Value && (incremented.Version is not { } version || version == next.Version),
            (KvDelete, KvDeleted deleted) => deleted.Existed == state.Exists,
            _ => throw new ArgumentException(MismatchMessage(input, output), nameof(output)),
        };
    }

    public override KvState StepWithUnknownOutput(KvState state, KvInput input) => input switch
    {
        KvGet => state,
        KvSet set => new KvState(true, set.Value, state.Version + 1),
        KvCompareAndSet cas => Matches(state, cas) ? new KvState(true, cas.Value, state.Version + 1) : state,
        KvIncrement increment => new KvState(true, (state.Exists ? state.Value : 0) + increment.By, state.Version + 1),
        KvDelete => state.Exists ? new KvState(false, 0, state.Version + 1) : state,
        _ => throw new ArgumentException($"Unknown key-value operation {input}.", nameof(input)),
    };

    public override bool IsReadOnly(KvInput input) => input is KvGet;

    public override bool IsReadOnly(KvInput input, KvOutput output) => (input, output) switch
    {
        (KvGet, _) => true,
        (KvCompareAndSet, KvVersionMismatch) => true,
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
        (KvGet, KvFound or KvMissing) => null,
        (KvSet, KvWritten) => null,
        (KvCompareAndSet, KvWritten or KvVersionMismatch) => null,
        (KvIncrement, KvIncremented) => null,
        (KvDelete, KvDeleted) => null,
        _ => MismatchMessage(input, output),
    };

    public override string DescribeOperation(KvInput input, KvOutput output) => $"{input} -> {output}";

    public override string DescribeOperation(KvInput input) => $"{input} -> ? (outcome unknown)";

    private static bool Matches(KvState state, KvCompareAndSet cas) =>
        state.Exists ? state.Version == cas.ExpectedVersion : cas.ExpectedVersion == 0;

    private static string MismatchMessage(KvInput input, KvOutput? output) =>
        $"{input} cannot be answered by {output?.GetType().Name ?? "null"} ({output}).";
}
