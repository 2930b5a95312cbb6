namespace Actors.Testing;

/// <summary>
/// What a crash may leave of keys that each have exactly one writer, worked out exactly. A writer has at most one write
/// (or one atomic batch) in flight: it reports the write as begun before sending it and acknowledged once answered. So
/// after a crash each key holds the state its last acknowledged write left — or, if its writer had a write in flight,
/// possibly the state that write leaves; for a batch, all of its keys do, or none. Nothing else is acceptable: not an
/// older state (an acknowledged write lost), not a state no write produced (a phantom or a torn value), not part of
/// a batch.
/// </summary>
/// <remarks>
/// The ledger knows the store's semantics (every change adds one to the version; a delete keeps a tombstone version;
/// a compare-and-set matches the current version, or 0 for a missing key; an increment of a missing key starts from 0),
/// so it predicts every answer and checks the store's answers against the prediction as they come. Thread-safe.
/// </remarks>
internal sealed class CrashLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LedgerState> _acknowledged = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<int, InFlight> _inFlight = [];

    // For messages only: what the abandoned writes would have left, had they been applied after all.
    private readonly Dictionary<string, (LedgerWrite Write, LedgerState After)> _abandoned = new(StringComparer.Ordinal);
    private int _landed;
    private int _lost;

    /// <summary>Every key a write has begun on.</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            lock (_gate)
            {
                return [.. _owners.Keys];
            }
        }
    }

    /// <summary>Acknowledged writes so far.</summary>
    public int AcknowledgedWrites { get; private set; }

    /// <summary>Writes begun and neither acknowledged nor abandoned yet.</summary>
    public int InFlightWrites
    {
        get
        {
            lock (_gate)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>
    /// Writes in flight at a crash that <see cref="Settle"/> found applied, and found not applied (writes that change
    /// nothing either way, such as a compare-and-set that does not match, count as neither).
    /// </summary>
    public (int Landed, int Lost) InFlightOutcomes => (_landed, _lost);

    /// <summary>The state the last acknowledged write left on <paramref name="key"/>.</summary>
    public LedgerState this[string key]
    {
        get
        {
            lock (_gate)
            {
                return _acknowledged.GetValueOrDefault(key, LedgerState.Never);
            }
        }
    }

    /// <summary>
    /// <paramref name="writer"/> is about to send <paramref name="writes"/> (one write, or several applied atomically
    /// in order). Call it before sending, so that a write the store may have seen is never missing from the ledger.
    /// </summary>
    public void Begin(int writer, params LedgerWrite[] writes)
    {
        lock (_gate)
        {
            if (_inFlight.TryGetValue(writer, out var busy))
            {
                throw new InvalidOperationException($"Writer {writer} begins {Describe(writes)} with {Describe(busy.Writes)} still in flight; a writer has one write in flight at most.");
            }

            var before = new Dictionary<string, LedgerState>(StringComparer.Ordinal);
            var after = new Dictionary<string, LedgerState>(StringComparer.Ordinal);
            var answers = new LedgerAnswer[writes.Length];
            for (var i = 0; i < writes.Length; i++)
            {
                var key = writes[i].Key;
                if (_owners.TryGetValue(key, out var owner) && owner != writer)
                {
                    throw new InvalidOperationException($"Key {key} belongs to writer {owner}, not {writer}: the ledger is exact only with one writer per key.");
                }

                _owners[key] = writer;
                var current = after.TryGetValue(key, out var written) ? written : _acknowledged.GetValueOrDefault(key, LedgerState.Never);
                before.TryAdd(key, current);
                (after[key], answers[i]) = Apply(current, writes[i]);
            }

            _inFlight[writer] = new InFlight(writes, before, after, answers);
        }
    }

    /// <summary>
    /// The store answered <paramref name="writer"/>'s write with <paramref name="answers"/> (one per write); they must
    /// be what the semantics predict.
    /// </summary>
    /// <exception cref="CrashLedgerException">The store answered something else.</exception>
    public void Acknowledge(int writer, params LedgerAnswer[] answers)
    {
        lock (_gate)
        {
            var flight = Take(writer);
            if (!answers.SequenceEqual(flight.Answers))
            {
                throw new CrashLedgerException(
                    $"Writer {writer}: the store answered [{string.Join(", ", answers)}] to {Describe(flight.Writes)}, but from " +
                    $"{string.Join(", ", flight.Before.Select(b => $"{b.Key} = {b.Value}"))} the answer is [{string.Join(", ", flight.Answers)}].");
            }

            foreach (var (key, state) in flight.After)
            {
                _acknowledged[key] = state;
            }

            AcknowledgedWrites++;
        }
    }

    /// <summary>
    /// <paramref name="writer"/>'s write was never taken by the server (refused at the connection, or dropped unread):
    /// it is no longer in flight, and it did not happen — <see cref="Settle"/> holds the store to that.
    /// </summary>
    public void Abandon(int writer)
    {
        lock (_gate)
        {
            var flight = Take(writer);
            foreach (var write in flight.Writes)
            {
                _abandoned[write.Key] = (write, flight.After[write.Key]);
            }
        }
    }

    /// <summary>
    /// After a restart: checks what the store holds (<paramref name="observed"/>: every key of <see cref="Keys"/>, null
    /// where the store has none) and adopts it, so that the writes in flight are settled and the next run starts from
    /// there.
    /// </summary>
    /// <exception cref="CrashLedgerException">Some key holds something no acceptable outcome explains; the message lists them.</exception>
    public void Settle(IReadOnlyDictionary<string, ObservedEntry?> observed)
    {
        lock (_gate)
        {
            var problems = new List<string>();
            var settledKeys = new HashSet<string>(StringComparer.Ordinal);
            var landed = new List<InFlight>();
            var lost = 0;
            foreach (var (writer, flight) in _inFlight.OrderBy(f => f.Key))
            {
                settledKeys.UnionWith(flight.After.Keys);
                var asBefore = flight.Before.All(b => Matches(b.Value, Seen(b.Key)));
                var asAfter = flight.After.All(a => Matches(a.Value, Seen(a.Key)));
                if (asAfter && !asBefore)
                {
                    landed.Add(flight);
                }
                else if (asBefore && !asAfter)
                {
                    lost++;
                }
                else if (!asBefore)
                {
                    problems.Add(
                        $"writer {writer} had {Describe(flight.Writes)} in flight: " +
                        string.Join("; ", flight.After.Keys.Select(key =>
                            $"{key} holds {Show(Seen(key))}, acknowledged {flight.Before[key]}, after the write in flight {flight.After[key]}")));
                }
            }

            foreach (var (key, state) in _acknowledged)
            {
                if (!settledKeys.Contains(key) && !Matches(state, Seen(key)))
                {
                    var abandoned = _abandoned.TryGetValue(key, out var never) && Matches(never.After, Seen(key))
                        ? $" — what {never.Write} would have left, a write that was never answered and so must not have been applied"
                        : string.Empty;
                    problems.Add($"{key} holds {Show(Seen(key))}, but its last acknowledged write left {state} and nothing was in flight{abandoned}");
                }
            }

            if (problems.Count > 0)
            {
                throw new CrashLedgerException(
                    $"{problems.Count} key(s) hold what no acknowledged or in-flight write explains:{Environment.NewLine}  " +
                    string.Join(Environment.NewLine + "  ", problems.Take(20)));
            }

            foreach (var flight in landed)
            {
                foreach (var (key, state) in flight.After)
                {
                    _acknowledged[key] = state;
                }
            }

            _landed += landed.Count;
            _lost += lost;
            _inFlight.Clear();
            _abandoned.Clear();
        }

        ObservedEntry? Seen(string key) => observed.TryGetValue(key, out var entry)
            ? entry
            : throw new ArgumentException($"The observation has no entry for {key}.", nameof(observed));
    }

    private InFlight Take(int writer) => _inFlight.Remove(writer, out var flight)
        ? flight
        : throw new InvalidOperationException($"Writer {writer} has no write in flight.");

    // The store's semantics for one write: the state it leaves and the answer it gives.
    private static (LedgerState After, LedgerAnswer Answer) Apply(LedgerState state, LedgerWrite write)
    {
        var next = state.Version + 1;
        var currentVersion = state.Exists ? state.Version : 0;
        return write switch
        {
            LedgerWrite.Set set => (new LedgerState(true, set.Value, next), new LedgerAnswer(true, next)),
            LedgerWrite.CompareAndSet cas when cas.ExpectedVersion == currentVersion =>
                (new LedgerState(true, cas.Value, next), new LedgerAnswer(true, next)),
            LedgerWrite.CompareAndSet => (state, new LedgerAnswer(false, currentVersion)),
            LedgerWrite.Delete when state.Exists => (new LedgerState(false, string.Empty, next), new LedgerAnswer(true, next)),
            LedgerWrite.Delete => (state, new LedgerAnswer(false, 0)),
            LedgerWrite.Increment increment => Incremented(state, increment.By, next),
            _ => throw new ArgumentException($"Unknown write {write}.", nameof(write)),
        };

        static (LedgerState, LedgerAnswer) Incremented(LedgerState state, long by, long next)
        {
            var value = (state.Exists ? long.Parse(state.Value, System.Globalization.CultureInfo.InvariantCulture) : 0) + by;
            var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (new LedgerState(true, text, next), new LedgerAnswer(true, next, value));
        }
    }

    // A missing key's tombstone version is not observable (a read finds nothing), so only its absence is compared.
    private static bool Matches(LedgerState expected, ObservedEntry? seen) => expected.Exists
        ? seen is { } entry && entry.Version == expected.Version && string.Equals(entry.Value, expected.Value, StringComparison.Ordinal)
        : seen is null;

    private static string Show(ObservedEntry? seen) => seen is { } entry ? $"\"{LedgerState.Shorten(entry.Value)}\" v{entry.Version}" : "nothing";

    private static string Describe(IReadOnlyList<LedgerWrite> writes) =>
        writes.Count == 1 ? writes[0].ToString() : $"batch [{string.Join(", ", writes)}]";

    private sealed record InFlight(
        IReadOnlyList<LedgerWrite> Writes,
        Dictionary<string, LedgerState> Before,
        Dictionary<string, LedgerState> After,
        LedgerAnswer[] Answers);
}

/// <summary>
/// A key as the ledger knows it: whether it exists, the text it holds, and its version (when deleted, the tombstone's).
/// </summary>
internal readonly record struct LedgerState(bool Exists, string Value, long Version)
{
    /// <summary>A key never written.</summary>
    public static LedgerState Never => new(false, string.Empty, 0);

    public override string ToString() => Exists ? $"\"{Shorten(Value)}\" v{Version}" : Version == 0 ? "nothing" : $"nothing (deleted at v{Version})";

    internal static string Shorten(string value) => value.Length <= 40 ? value : $"{value[..40]}… ({value.Length} chars)";
}

/// <summary>What a read of a key found after the restart: its value as text and its version.</summary>
internal readonly record struct ObservedEntry(string Value, long Version);

/// <summary>What the store answered to one write: applied or not, the version it reports, and an increment's value.</summary>
/// <remarks>
/// The version is the new one when applied; when not, the key's current version (0 if missing), as the store reports
/// a compare-and-set mismatch and a delete of a missing key.
/// </remarks>
internal readonly record struct LedgerAnswer(bool Applied, long Version, long? Value = null)
{
    public override string ToString() => (Applied ? "applied" : "refused") + $" v{Version}" + (Value is { } value ? $" = {value}" : string.Empty);
}

/// <summary>A write, as the ledger reasons about it.</summary>
internal abstract record LedgerWrite(string Key)
{
    /// <summary>An unconditional write of <paramref name="Value"/>.</summary>
    public sealed record Set(string Key, string Value) : LedgerWrite(Key)
    {
        public override string ToString() => $"set {Key} \"{LedgerState.Shorten(Value)}\"";
    }

    /// <summary>A write of <paramref name="Value"/> only at <paramref name="ExpectedVersion"/> (0: only if missing).</summary>
    public sealed record CompareAndSet(string Key, long ExpectedVersion, string Value) : LedgerWrite(Key)
    {
        public override string ToString() => $"cas {Key} if v{ExpectedVersion} \"{LedgerState.Shorten(Value)}\"";
    }

    /// <summary>An unconditional delete.</summary>
    public sealed record Delete(string Key) : LedgerWrite(Key)
    {
        public override string ToString() => $"delete {Key}";
    }

    /// <summary>An increment by <paramref name="By"/> of an integer value (a missing key counts as 0).</summary>
    public sealed record Increment(string Key, long By) : LedgerWrite(Key)
    {
        public override string ToString() => $"increment {Key} by {By}";
    }
}

/// <summary>The store did or kept something the ledger cannot explain.</summary>
internal sealed class CrashLedgerException(string message) : Exception(message);
