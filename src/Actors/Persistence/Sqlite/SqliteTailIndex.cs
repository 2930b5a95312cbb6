using System.Diagnostics;

namespace Actors.Persistence.Sqlite;

/// <summary>
/// The writer's in-memory index of the (persistence id, sequence number) pairs in <c>journal_tail</c>,
/// which has no index of its own (see <see cref="SqliteJournalSql"/>).
/// </summary>
/// <remarks>
/// Exact only while this writer is the only connection changing the file: the writer compares SQLite's
/// data version under the write lock before every batch and rebuilds the index from the table when
/// another connection (another journal, a delete, another process) has committed meanwhile. Keys added by
/// a batch are provisional until it commits and are taken back if it rolls back.
/// </remarks>
internal sealed class SqliteTailIndex
{
    private readonly HashSet<(string PersistenceId, long SequenceNr)> _keys = [];
    private readonly List<(string PersistenceId, long SequenceNr)> _provisional = [];

    /// <summary>Rows in the tail, counting the provisional ones.</summary>
    public int Count => _keys.Count;

    /// <summary>Whether any of the write's numbers is in the tail (or earlier in the current batch).</summary>
    public bool ContainsAny(AtomicWrite write)
    {
        foreach (PersistentRepr e in write.Events)
        {
            if (_keys.Contains((e.PersistenceId, e.SequenceNr)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds the write's numbers provisionally, for the rest of the current batch to be checked against.</summary>
    public void AddProvisionally(AtomicWrite write)
    {
        foreach (PersistentRepr e in write.Events)
        {
            bool added = _keys.Add((e.PersistenceId, e.SequenceNr));
            Debug.Assert(added, "A write is checked before it is added.");
            _provisional.Add((e.PersistenceId, e.SequenceNr));
        }
    }

    /// <summary>The batch committed: its keys stay.</summary>
    public void Confirm() => _provisional.Clear();

    /// <summary>The batch rolled back: its keys go.</summary>
    public void TakeBack()
    {
        foreach ((string, long) key in _provisional)
        {
            _keys.Remove(key);
        }

        _provisional.Clear();
    }

    /// <summary>Replaces the index with the tail's actual content.</summary>
    public void Rebuild(SqliteStatement tailKeys)
    {
        Debug.Assert(_provisional.Count == 0, "Rebuilt only between batches.");
        _keys.Clear();
        tailKeys.ForEach((persistenceId, sequenceNr) => _keys.Add((persistenceId, sequenceNr)));
    }

    /// <summary>The tail was moved into the settled table.</summary>
    public void Clear()
    {
        Debug.Assert(_provisional.Count == 0, "Cleared only between batches.");
        _keys.Clear();
    }
}
