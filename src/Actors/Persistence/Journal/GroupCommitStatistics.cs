namespace Actors.Persistence.Journal;

/// <summary>Counters of a journal's write path since it was created.</summary>
/// <param name="RoundTrips">Transactions attempted, including those that failed or were retried without a rejected write.</param>
/// <param name="Commits">Transactions committed; with group commit, far fewer than <paramref name="WritesCommitted"/> under load.</param>
/// <param name="WritesCommitted">Atomic writes committed.</param>
/// <param name="EventsCommitted">Events committed.</param>
public readonly record struct GroupCommitStatistics(long RoundTrips, long Commits, long WritesCommitted, long EventsCommitted);
