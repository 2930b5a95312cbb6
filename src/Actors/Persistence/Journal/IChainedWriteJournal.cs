namespace Actors.Persistence.Journal;

/// <summary>
/// A journal that can take a caller's next write of a persistence id while the previous one is still in flight,
/// committing it only if the previous one committed (see <see cref="GroupCommitWriter.WriteAfter"/>).
/// </summary>
/// <remarks>
/// <see cref="PersistentActor"/> keeps a second write in flight only on such a journal: with any other
/// <see cref="IJournal"/>, a second write could be stored after a first that failed, leaving a gap in the history.
/// </remarks>
internal interface IChainedWriteJournal
{
    /// <summary>Queues <paramref name="write"/> behind <paramref name="previous"/>, the caller's unresolved previous write, if any.</summary>
    /// <exception cref="ObjectDisposedException">The journal is disposed.</exception>
    GroupCommitRequest WriteAfter(AtomicWrite write, GroupCommitRequest? previous);
}
