using Actors.Persistence.Journal;

namespace Actors.Persistence.Tests.Journal;

/// <summary>
/// A committer that records each batch it is given, can be held at a gate, and fails batches as told.
/// </summary>
internal sealed class FakeCommitter : IBatchCommitter
{
    private readonly object _lock = new();
    private readonly List<string[]> _batches = [];
    private readonly List<PersistentRepr> _stored = [];
    private TaskCompletionSource? _gate;      // the next commit waits on it
    private TaskCompletionSource? _opening;   // what Release opens

    /// <summary>Completes when a commit has started and is waiting at the gate.</summary>
    public TaskCompletionSource HeldAtGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Called with every batch (as persistence id#lowest sequence nr); may throw to fail it.</summary>
    public Action<IReadOnlyList<AtomicWrite>>? OnCommit { get; set; }

    /// <summary>Every batch attempted, in order, as "pid#seq" of each write.</summary>
    public IReadOnlyList<string[]> Batches
    {
        get
        {
            lock (_lock)
            {
                return _batches.ToList();
            }
        }
    }

    /// <summary>The events of every batch that committed, in commit order.</summary>
    public IReadOnlyList<PersistentRepr> Stored
    {
        get
        {
            lock (_lock)
            {
                return _stored.ToList();
            }
        }
    }

    public bool Disposed { get; private set; }

    /// <summary>Makes the next commit wait until <see cref="Release"/>.</summary>
    public void CloseGate() => _gate = _opening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _opening!.SetResult();

    public async ValueTask CommitAsync(IReadOnlyList<AtomicWrite> batch, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _batches.Add(batch.Select(w => $"{w.PersistenceId}#{w.LowestSequenceNr}").ToArray());
        }

        if (_gate is { } gate)
        {
            _gate = null;
            HeldAtGate.SetResult();
            await gate.Task;
        }

        OnCommit?.Invoke(batch);
        lock (_lock)
        {
            _stored.AddRange(batch.SelectMany(w => w.Events));
        }
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
