using Actors.Persistence.Journal;
using Actors.Persistence.Tests.Infrastructure;
using static Actors.Persistence.Tests.Infrastructure.TestEvents;

namespace Actors.Persistence.Tests.Contract;

/// <summary>
/// What every journal must do, whatever its database. A backend's test class derives from this and says how
/// to open a journal on a store of the test's own, and how to hold its writer up.
/// </summary>
public abstract class JournalContract : IAsyncLifetime
{
    private readonly List<IJournal> _opened = [];

    protected IJournal Journal { get; private set; } = null!;

    /// <summary>Opens (without initializing) another journal on this test's store.</summary>
    protected abstract IJournal Open(int maxBatchSize = 512);

    protected abstract GroupCommitStatistics StatisticsOf(IJournal journal);

    /// <summary>
    /// Takes the store's write lock from outside the journal, so that its writer stalls on its next batch
    /// until the returned handle is disposed.
    /// </summary>
    protected abstract Task<IAsyncDisposable> HoldWriteLockAsync();

    public virtual async Task InitializeAsync() => Journal = await OpenInitializedAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (IJournal journal in _opened)
        {
            await journal.DisposeAsync();
        }
    }

    protected async Task<IJournal> OpenInitializedAsync(int maxBatchSize = 512)
    {
        IJournal journal = Open(maxBatchSize);
        _opened.Add(journal);
        await journal.InitializeAsync();
        return journal;
    }

    [BackendFact]
    public async Task Replays_in_order_within_bounds_and_up_to_the_limit()
    {
        await WriteSuccessfullyAsync(Journal, Write("a", 1, 3), Write("a", 4), Write("a", 5, 10), Write("b", 1, 2));

        Assert.Equal(Range(1, 10), await SequenceNrsAsync(Journal, "a", 1, long.MaxValue, long.MaxValue));
        Assert.Equal(Range(3, 7), await SequenceNrsAsync(Journal, "a", 3, 7, long.MaxValue));
        Assert.Equal(Range(3, 4), await SequenceNrsAsync(Journal, "a", 3, 7, 2));
        Assert.Equal(Range(1, 10), await SequenceNrsAsync(Journal, "a", 0, 100, 1000));
        Assert.Equal(Range(10, 10), await SequenceNrsAsync(Journal, "a", 10, 10, 1));
        Assert.Empty(await SequenceNrsAsync(Journal, "a", 7, 3, long.MaxValue));
        Assert.Empty(await SequenceNrsAsync(Journal, "a", 1, 10, 0));
        Assert.Empty(await SequenceNrsAsync(Journal, "a", 11, long.MaxValue, long.MaxValue));
        Assert.Empty(await SequenceNrsAsync(Journal, "unknown", 1, long.MaxValue, long.MaxValue));
        Assert.Equal(Range(1, 2), await SequenceNrsAsync(Journal, "b", 1, long.MaxValue, long.MaxValue));
    }

    [BackendFact]
    public async Task Replays_every_field_as_written()
    {
        var written = new PersistentRepr("fields", 1, "my.Manifest, v2", new byte[] { 0, 1, 2, 255 }, new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)).AddTicks(9), "writer-42");
        var empty = new PersistentRepr("fields", 2, string.Empty, ReadOnlyMemory<byte>.Empty, DateTimeOffset.UnixEpoch, string.Empty);
        var unicode = new PersistentRepr("fields", 3, "Ünïcødé ✓", new byte[] { 7 }, Epoch, "wrïter");
        await WriteSuccessfullyAsync(Journal, new AtomicWrite([written, empty, unicode]));

        List<PersistentRepr> replayed = await ReplayAsync(Journal, "fields");

        Assert.Equal(3, replayed.Count);
        AssertSame(written, replayed[0]);
        AssertSame(empty, replayed[1]);
        AssertSame(unicode, replayed[2]);
    }

    [BackendFact]
    public async Task Replays_large_events()
    {
        byte[] big = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(big);
        await WriteSuccessfullyAsync(Journal, new AtomicWrite(new PersistentRepr("big", 1, "m", big, Epoch, "w")));

        PersistentRepr replayed = Assert.Single(await ReplayAsync(Journal, "big"));

        Assert.Equal(big, replayed.Payload.ToArray());
    }

    [BackendFact]
    public async Task Highest_sequence_number_is_kept_after_deletes()
    {
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("h", 0));
        await WriteSuccessfullyAsync(Journal, Write("h", 1, 10), Write("other", 1, 3));
        Assert.Equal(10, await Journal.ReadHighestSequenceNrAsync("h", 0));

        await Journal.DeleteMessagesToAsync("h", 4);
        Assert.Equal(Range(5, 10), await SequenceNrsAsync(Journal, "h", 1, long.MaxValue, long.MaxValue));
        Assert.Equal(10, await Journal.ReadHighestSequenceNrAsync("h", 0));

        await Journal.DeleteMessagesToAsync("h", long.MaxValue);
        Assert.Empty(await SequenceNrsAsync(Journal, "h", 1, long.MaxValue, long.MaxValue));
        Assert.Equal(10, await Journal.ReadHighestSequenceNrAsync("h", 0));
        Assert.Equal(10, await Journal.ReadHighestSequenceNrAsync("h", 10));

        // Deleting again, or below what is already deleted, changes nothing.
        await Journal.DeleteMessagesToAsync("h", 3);
        await Journal.DeleteMessagesToAsync("h", long.MaxValue);
        Assert.Equal(10, await Journal.ReadHighestSequenceNrAsync("h", 0));

        await WriteSuccessfullyAsync(Journal, Write("h", 11, 12));
        Assert.Equal(12, await Journal.ReadHighestSequenceNrAsync("h", 0));
        Assert.Equal(Range(11, 12), await SequenceNrsAsync(Journal, "h", 1, long.MaxValue, long.MaxValue));
        Assert.Equal(Range(1, 3), await SequenceNrsAsync(Journal, "other", 1, long.MaxValue, long.MaxValue));

        // A journal opened afresh on the same store agrees.
        IJournal reopened = await OpenInitializedAsync();
        Assert.Equal(12, await reopened.ReadHighestSequenceNrAsync("h", 0));
    }

    [BackendFact]
    public async Task Deleting_what_does_not_exist_is_harmless()
    {
        await Journal.DeleteMessagesToAsync("nobody", long.MaxValue);
        await Journal.DeleteMessagesToAsync("nobody", 0);

        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("nobody", 0));
        await WriteSuccessfullyAsync(Journal, Write("nobody", 1));
        Assert.Equal(1, await Journal.ReadHighestSequenceNrAsync("nobody", 0));
    }

    [BackendFact]
    public async Task An_atomic_write_is_all_or_nothing()
    {
        await WriteSuccessfullyAsync(Journal, Write("atomic", 1, 3));

        IReadOnlyList<WriteOutcome> outcomes = await Journal.WriteAsync([Write("atomic", 3, 6)]);

        var conflict = Assert.IsType<SequenceNumberConflictException>(Assert.Single(outcomes).Error);
        Assert.Equal("atomic", conflict.PersistenceId);
        Assert.Equal(3, conflict.LowestSequenceNr);
        Assert.Equal(6, conflict.HighestSequenceNr);
        Assert.Equal(Range(1, 3), await SequenceNrsAsync(Journal, "atomic", 1, long.MaxValue, long.MaxValue));
        Assert.Equal(3, await Journal.ReadHighestSequenceNrAsync("atomic", 0));
    }

    [BackendFact]
    public async Task Writes_of_one_call_succeed_or_fail_independently()
    {
        await WriteSuccessfullyAsync(Journal, Write("taken", 1, 2));

        IReadOnlyList<WriteOutcome> outcomes = await Journal.WriteAsync(
        [
            Write("fine-1", 1),
            Write("taken", 2, 3),  // conflicts
            Write("fine-2", 1, 2),
            Write("taken", 4),     // would leave a gap after the failed write: not attempted
            Write("fine-1", 2),
        ]);

        Assert.True(outcomes[0].IsSuccess);
        Assert.IsType<SequenceNumberConflictException>(outcomes[1].Error);
        Assert.True(outcomes[2].IsSuccess);
        var skipped = Assert.IsType<PrecedingWriteFailedException>(outcomes[3].Error);
        Assert.IsType<SequenceNumberConflictException>(skipped.InnerException);
        Assert.True(outcomes[4].IsSuccess);
        Assert.Equal(Range(1, 2), await SequenceNrsAsync(Journal, "taken", 1, long.MaxValue, long.MaxValue));
        Assert.Equal(Range(1, 2), await SequenceNrsAsync(Journal, "fine-1", 1, long.MaxValue, long.MaxValue));
        Assert.Equal(Range(1, 2), await SequenceNrsAsync(Journal, "fine-2", 1, long.MaxValue, long.MaxValue));
    }

    [BackendFact]
    public async Task Group_commit_puts_writes_that_arrive_during_a_commit_into_one_commit()
    {
        const int writers = 50;
        GroupCommitStatistics before = StatisticsOf(Journal);
        Task<IReadOnlyList<WriteOutcome>>[] writes;
        await using (await HoldWriteLockAsync())
        {
            // The writer takes the first write (or several) and stalls on the lock; the rest queue behind it.
            writes = Enumerable.Range(0, writers).Select(i => Journal.WriteAsync([Write($"gc-{i}", 1)])).ToArray();
            Assert.All(writes, w => Assert.False(w.IsCompleted));
        }

        foreach (IReadOnlyList<WriteOutcome> outcome in await Task.WhenAll(writes))
        {
            Assert.True(Assert.Single(outcome).IsSuccess);
        }

        GroupCommitStatistics after = StatisticsOf(Journal);
        Assert.Equal(writers, after.WritesCommitted - before.WritesCommitted);
        Assert.InRange(after.Commits - before.Commits, 1, 2);
        for (int i = 0; i < writers; i++)
        {
            Assert.Equal(1, await Journal.ReadHighestSequenceNrAsync($"gc-{i}", 0));
        }
    }

    [BackendFact]
    public async Task Max_batch_size_one_commits_every_write_on_its_own()
    {
        IJournal unbatched = await OpenInitializedAsync(maxBatchSize: 1);
        const int writers = 10;
        Task<IReadOnlyList<WriteOutcome>>[] writes;
        await using (await HoldWriteLockAsync())
        {
            writes = Enumerable.Range(0, writers).Select(i => unbatched.WriteAsync([Write($"one-{i}", 1)])).ToArray();
        }

        Assert.All(await Task.WhenAll(writes), outcome => Assert.True(Assert.Single(outcome).IsSuccess));
        GroupCommitStatistics statistics = StatisticsOf(unbatched);
        Assert.Equal(writers, statistics.Commits);
        Assert.Equal(writers, statistics.WritesCommitted);
    }

    [BackendFact]
    public async Task A_conflicting_write_in_a_batch_fails_alone()
    {
        await WriteSuccessfullyAsync(Journal, Write("contested", 1, 2, writer: "first"));
        GroupCommitStatistics before = StatisticsOf(Journal);

        Task<IReadOnlyList<WriteOutcome>> innocent1, guilty, innocent2, alsoGuilty;
        await using (await HoldWriteLockAsync())
        {
            innocent1 = Journal.WriteAsync([Write("innocent-1", 1, 2)]);
            guilty = Journal.WriteAsync([Write("contested", 2, 3, writer: "second")]);
            innocent2 = Journal.WriteAsync([Write("innocent-2", 1)]);
            alsoGuilty = Journal.WriteAsync([Write("contested", 1, writer: "third")]);
        }

        Assert.True(Assert.Single(await innocent1).IsSuccess);
        Assert.True(Assert.Single(await innocent2).IsSuccess);
        Assert.IsType<SequenceNumberConflictException>(Assert.Single(await guilty).Error);
        Assert.IsType<SequenceNumberConflictException>(Assert.Single(await alsoGuilty).Error);

        List<PersistentRepr> contested = await ReplayAsync(Journal, "contested");
        Assert.Equal([1L, 2L], contested.Select(e => e.SequenceNr));
        Assert.All(contested, e => Assert.Equal("first", e.WriterId));
        Assert.Equal(Range(1, 2), await SequenceNrsAsync(Journal, "innocent-1", 1, long.MaxValue, long.MaxValue));
        Assert.Equal(Range(1, 1), await SequenceNrsAsync(Journal, "innocent-2", 1, long.MaxValue, long.MaxValue));
        Assert.Equal(2, StatisticsOf(Journal).WritesCommitted - before.WritesCommitted);
    }

    [BackendFact]
    public async Task Of_concurrent_writers_for_one_id_exactly_one_wins_each_sequence_number()
    {
        // Two journals on one store, as after a split brain, and several writers on each.
        IJournal other = await OpenInitializedAsync();
        IJournal[] journals = [Journal, other];
        const int writers = 6;
        const int numbers = 25;
        var winners = new string?[numbers + 1];

        for (long seq = 1; seq <= numbers; seq++)
        {
            long n = seq;
            Task<(string Writer, WriteOutcome Outcome)>[] race = Enumerable.Range(0, writers).Select(async w =>
            {
                string writer = $"writer-{w}";
                IReadOnlyList<WriteOutcome> outcome = await journals[w % 2].WriteAsync([Write("raced", n, writer)]);
                return (writer, outcome[0]);
            }).ToArray();

            (string Writer, WriteOutcome Outcome)[] results = await Task.WhenAll(race);
            (string winner, _) = Assert.Single(results, r => r.Outcome.IsSuccess);
            Assert.All(results.Where(r => !r.Outcome.IsSuccess), r => Assert.IsType<SequenceNumberConflictException>(r.Outcome.Error));
            winners[n] = winner;
        }

        List<PersistentRepr> stored = await ReplayAsync(Journal, "raced");
        Assert.Equal(Range(1, numbers), stored.Select(e => e.SequenceNr));
        Assert.All(stored, e => Assert.Equal(winners[e.SequenceNr], e.WriterId));
    }

    [BackendFact]
    public async Task Concurrent_writers_appending_to_one_id_never_both_succeed()
    {
        // Writers that each read the highest number and try to append the next, as rival incarnations would.
        IJournal other = await OpenInitializedAsync();
        const int attemptsPerWriter = 30;
        var successes = new System.Collections.Concurrent.ConcurrentBag<(long SequenceNr, string Writer)>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            IJournal journal = w % 2 == 0 ? Journal : other;
            string writer = $"appender-{w}";
            for (int attempt = 0; attempt < attemptsPerWriter; attempt++)
            {
                long next = await journal.ReadHighestSequenceNrAsync("appended", 0) + 1;
                WriteOutcome outcome = (await journal.WriteAsync([Write("appended", next, writer)]))[0];
                if (outcome.IsSuccess)
                {
                    successes.Add((next, writer));
                }
                else
                {
                    Assert.IsType<SequenceNumberConflictException>(outcome.Error);
                }
            }
        })));

        Assert.Equal(successes.Count, successes.Select(s => s.SequenceNr).Distinct().Count());
        List<PersistentRepr> stored = await ReplayAsync(Journal, "appended");
        Assert.Equal(Range(1, successes.Count), stored.Select(e => e.SequenceNr));
        var byNumber = successes.ToDictionary(s => s.SequenceNr, s => s.Writer);
        Assert.All(stored, e => Assert.Equal(byNumber[e.SequenceNr], e.WriterId));
    }

    [BackendFact]
    public async Task Many_concurrent_writers_of_their_own_ids_all_succeed()
    {
        const int writers = 32;
        const int eventsEach = 40;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (long seq = 1; seq <= eventsEach; seq++)
            {
                Assert.True((await Journal.WriteAsync([Write($"own-{w}", seq)]))[0].IsSuccess);
            }
        })));

        for (int w = 0; w < writers; w++)
        {
            Assert.Equal(Range(1, eventsEach), await SequenceNrsAsync(Journal, $"own-{w}", 1, long.MaxValue, long.MaxValue));
        }

        Assert.True(StatisticsOf(Journal).Commits <= StatisticsOf(Journal).WritesCommitted);
    }

    [BackendFact]
    public async Task A_write_canceled_before_it_is_taken_is_not_written()
    {
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Journal.WriteAsync([Write("canceled", 1)], canceled.Token));

        using var later = new CancellationTokenSource();
        Task<IReadOnlyList<WriteOutcome>> first, second;
        await using (await HoldWriteLockAsync())
        {
            first = Journal.WriteAsync([Write("first", 1)]);
            second = Journal.WriteAsync([Write("maybe", 1)], later.Token);
            await later.CancelAsync();
        }

        Assert.True(Assert.Single(await first).IsSuccess);

        // Either the writer had taken it (then it completes and is stored) or it did not (then nothing is stored).
        bool written;
        try
        {
            written = Assert.Single(await second).IsSuccess;
        }
        catch (OperationCanceledException)
        {
            written = false;
        }

        Assert.Equal(written ? 1 : 0, (await ReplayAsync(Journal, "maybe")).Count);
        Assert.Empty(await ReplayAsync(Journal, "canceled"));
    }

    [BackendFact]
    public async Task A_replay_can_be_abandoned_part_way()
    {
        await WriteSuccessfullyAsync(Journal, Write("partial", 1, 500));

        for (int round = 0; round < 20; round++)
        {
            int seen = 0;
            await foreach (PersistentRepr e in Journal.ReplayAsync("partial", 1, long.MaxValue, long.MaxValue))
            {
                if (++seen == 10)
                {
                    break;
                }
            }

            Assert.Equal(10, seen);
        }

        Assert.Equal(500, (await ReplayAsync(Journal, "partial")).Count);
    }

    [BackendFact]
    public async Task Events_survive_reopening_the_store()
    {
        await WriteSuccessfullyAsync(Journal, Write("durable", 1, 5));
        await Journal.DisposeAsync();

        IJournal reopened = await OpenInitializedAsync();

        Assert.Equal(Range(1, 5), await SequenceNrsAsync(reopened, "durable", 1, long.MaxValue, long.MaxValue));
        Assert.Equal(5, await reopened.ReadHighestSequenceNrAsync("durable", 0));
    }

    [BackendFact]
    public async Task Must_be_initialized_before_use_and_refuses_use_after_disposal()
    {
        IJournal fresh = Open();
        _opened.Add(fresh);
        await Assert.ThrowsAsync<InvalidOperationException>(() => fresh.WriteAsync([Write("x", 1)]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => fresh.ReadHighestSequenceNrAsync("x", 0));

        await fresh.InitializeAsync();
        await fresh.InitializeAsync(); // idempotent
        await fresh.DisposeAsync();
        await fresh.DisposeAsync(); // idempotent

        await Assert.ThrowsAsync<ObjectDisposedException>(() => fresh.WriteAsync([Write("x", 1)]));
    }

    [BackendFact]
    public async Task Disposing_completes_the_writes_already_accepted()
    {
        IJournal journal = await OpenInitializedAsync();
        Task<IReadOnlyList<WriteOutcome>>[] writes = Enumerable.Range(0, 20).Select(i => journal.WriteAsync([Write($"drain-{i}", 1)])).ToArray();

        await journal.DisposeAsync();

        Assert.All(writes, w => Assert.True(w.IsCompletedSuccessfully));
        Assert.All(writes, w => Assert.True(Assert.Single(w.Result).IsSuccess));
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(1, await Journal.ReadHighestSequenceNrAsync($"drain-{i}", 0));
        }
    }

    protected static async Task WriteSuccessfullyAsync(IJournal journal, params AtomicWrite[] writes)
    {
        IReadOnlyList<WriteOutcome> outcomes = await journal.WriteAsync(writes);
        Assert.Equal(writes.Length, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.ToString()));
    }

    protected static async Task<List<PersistentRepr>> ReplayAsync(IJournal journal, string persistenceId)
    {
        var events = new List<PersistentRepr>();
        await foreach (PersistentRepr e in journal.ReplayAsync(persistenceId, 1, long.MaxValue, long.MaxValue))
        {
            events.Add(e);
        }

        return events;
    }

    private static async Task<List<long>> SequenceNrsAsync(IJournal journal, string persistenceId, long from, long to, long max)
    {
        var numbers = new List<long>();
        await foreach (PersistentRepr e in journal.ReplayAsync(persistenceId, from, to, max))
        {
            Assert.Equal(persistenceId, e.PersistenceId);
            Assert.Equal(Payload(persistenceId, e.SequenceNr, e.WriterId), e.Payload.ToArray());
            numbers.Add(e.SequenceNr);
        }

        return numbers;
    }

    private static List<long> Range(long from, long to) => Enumerable.Range(0, (int)(to - from + 1)).Select(i => from + i).ToList();

    private static void AssertSame(PersistentRepr expected, PersistentRepr actual)
    {
        Assert.Equal(expected.PersistenceId, actual.PersistenceId);
        Assert.Equal(expected.SequenceNr, actual.SequenceNr);
        Assert.Equal(expected.Manifest, actual.Manifest);
        Assert.Equal(expected.Payload.ToArray(), actual.Payload.ToArray());
        Assert.Equal(expected.Timestamp, actual.Timestamp);
        Assert.Equal(expected.Timestamp.UtcTicks, actual.Timestamp.UtcTicks);
        Assert.Equal(expected.WriterId, actual.WriterId);
    }
}
