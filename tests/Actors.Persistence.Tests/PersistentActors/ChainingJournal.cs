using System.Runtime.CompilerServices;
using Actors.Persistence.Journal;
using Actors.Persistence.Tests.Journal;

namespace Actors.Persistence.Tests.PersistentActors;

/// <summary>
/// A journal in memory that chains writes as the SQLite and PostgreSQL journals do (a <see cref="GroupCommitWriter"/>
/// over a <see cref="FakeCommitter"/>), and records every write handed to it and whether it was chained.
/// </summary>
internal sealed class ChainingJournal : IJournal, IChainedWriteJournal
{
    private readonly GroupCommitWriter _writer;
    private readonly List<(AtomicWrite Write, bool Chained)> _handedOver = [];

    public ChainingJournal(FakeCommitter committer)
    {
        Committer = committer;
        _writer = new GroupCommitWriter(committer, maxBatchSize: 100);
    }

    public FakeCommitter Committer { get; }

    /// <summary>Every write handed to the journal, in order, and whether it was chained to one still unresolved.</summary>
    public IReadOnlyList<(AtomicWrite Write, bool Chained)> HandedOver
    {
        get
        {
            lock (_handedOver)
            {
                return _handedOver.ToList();
            }
        }
    }

    public GroupCommitRequest WriteAfter(AtomicWrite write, GroupCommitRequest? previous)
    {
        lock (_handedOver)
        {
            _handedOver.Add((write, previous is not null && !previous.Task.IsCompleted));
        }

        return _writer.WriteAfter(write, previous);
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(writes, cancellationToken);

    public async IAsyncEnumerable<PersistentRepr> ReplayAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr, long max, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (PersistentRepr e in Committer.Stored
            .Where(e => e.PersistenceId == persistenceId && e.SequenceNr >= fromSequenceNr && e.SequenceNr <= toSequenceNr)
            .OrderBy(e => e.SequenceNr)
            .Take((int)Math.Min(max, int.MaxValue)))
        {
            yield return e;
        }
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default) =>
        Task.FromResult(Committer.Stored.Where(e => e.PersistenceId == persistenceId).Select(e => e.SequenceNr).DefaultIfEmpty(0).Max());

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
