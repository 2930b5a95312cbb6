namespace Actors.Store.Strategies;

/// <summary>
/// Go's map-access check, made deterministic: a write flag plus counts of readers and iterators in one word,
/// changed with interlocked operations. Whoever arrives second in any overlap of a write with anything else
/// fails fast — with Go's own messages — before touching the map, so overlapping access is always reported and
/// never corrupts the map. Go's runtime checks a plain flag and so only catches most overlaps; this one catches
/// every overlap that actually happens.
/// </summary>
/// <remarks>
/// Layout of <see cref="_state"/>: bit 0 is the writer; bits 1–31 count readers (in steps of 2); bits 32–62
/// count iterators. Concurrent reads and iterations are allowed, as in Go.
/// </remarks>
public sealed class GoMapGuard(GoFatalMode mode)
{
    private const long Writer = 1;
    private const long OneReader = 2;
    private const long ReaderMask = 0xFFFF_FFFE;
    private const long OneIterator = 1L << 32;

    private long _state;

    public GoFatalMode Mode { get; } = mode;

    /// <summary>Marks a write for the life of the scope; fails when anything else is in the map.</summary>
    public WriteScope EnterWrite()
    {
        var observed = Interlocked.CompareExchange(ref _state, Writer, 0);
        if (observed != 0)
        {
            Fatal((observed & Writer) != 0 ? GoFatalError.ConcurrentWrites
                : (observed & ReaderMask) != 0 ? GoFatalError.ReadAndWrite
                : GoFatalError.IterationAndWrite);
        }

        return new WriteScope(this);
    }

    /// <summary>Marks a read for the life of the scope; fails when a write is in progress.</summary>
    public ReadScope EnterRead() => EnterShared(OneReader, GoFatalError.ReadAndWrite);

    /// <summary>Marks an iteration for the life of the scope; fails when a write is in progress.</summary>
    public ReadScope EnterIteration() => EnterShared(OneIterator, GoFatalError.IterationAndWrite);

    private ReadScope EnterShared(long unit, string reason)
    {
        if ((Interlocked.Add(ref _state, unit) & Writer) != 0)
        {
            Interlocked.Add(ref _state, -unit);
            Fatal(reason);
        }

        return new ReadScope(this, unit);
    }

    private void Fatal(string reason)
    {
        if (Mode == GoFatalMode.FailFast)
        {
            Environment.FailFast("fatal error: " + reason);
        }

        throw new GoFatalError(reason);
    }

    /// <summary>An active write; disposing it clears the write flag.</summary>
    public readonly struct WriteScope(GoMapGuard guard) : IDisposable
    {
        public void Dispose() => Interlocked.And(ref guard._state, ~Writer);
    }

    /// <summary>An active read or iteration; disposing it ends it.</summary>
    public readonly struct ReadScope(GoMapGuard guard, long unit) : IDisposable
    {
        public void Dispose() => Interlocked.Add(ref guard._state, -unit);
    }
}
