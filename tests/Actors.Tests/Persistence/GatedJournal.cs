using System.Collections.Immutable;

namespace Actors.Tests.Persistence;

using Akka.Persistence;
using Akka.Persistence.Journal;

/// <summary>
/// Akka's in-memory journal behind a gate the test holds: writes wait until it opens (or fail, when the test says so),
/// and every write is recorded, so a test can see what was written in which round trip.
/// </summary>
public sealed class GatedJournal : MemoryJournal
{
    public const string Hocon = """
        akka.persistence.journal.plugin = "akka.persistence.journal.gated"
        akka.persistence.journal.gated { class = "Actors.Tests.Persistence.GatedJournal, Actors.Tests", plugin-dispatcher = "akka.actor.default-dispatcher" }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private static readonly Lock Gate = new();
    private static TaskCompletionSource _open = Opened();
    private static Exception? _failWith;

    /// <summary>Every write the journal was asked for, as the number of events in each atomic write.</summary>
    public static List<int[]> Writes { get; } = [];

    /// <summary>Writes wait from now on until <see cref="Open"/>.</summary>
    public static void Close()
    {
        lock (Gate)
        {
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public static void Open()
    {
        lock (Gate)
        {
            _open.TrySetResult();
        }
    }

    /// <summary>Writes waiting now, and later ones, fail with <paramref name="error"/> (null: succeed again).</summary>
    public static void FailWith(Exception? error)
    {
        lock (Gate)
        {
            _failWith = error;
        }
    }

    public static int WritesSeen
    {
        get
        {
            lock (Writes)
            {
                return Writes.Count;
            }
        }
    }

    protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<Akka.Persistence.AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToArray();
        lock (Writes)
        {
            Writes.Add([.. writes.Select(w => ((IImmutableList<IPersistentRepresentation>)w.Payload).Count)]);
        }

        Task open;
        lock (Gate)
        {
            open = _open.Task;
        }

        await open.ConfigureAwait(false);
        lock (Gate)
        {
            if (_failWith is { } error)
            {
                throw error;
            }
        }

        return await base.WriteMessagesAsync(writes, cancellationToken).ConfigureAwait(false);
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }
}
