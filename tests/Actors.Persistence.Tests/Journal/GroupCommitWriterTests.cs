using Actors.Persistence.Journal;
using static Actors.Persistence.Tests.Infrastructure.TestEvents;

namespace Actors.Persistence.Tests.Journal;

public sealed class GroupCommitWriterTests
{
    private readonly FakeCommitter _committer = new();

    [Fact]
    public async Task Writes_that_arrive_during_a_commit_share_the_next_one()
    {
        await using var writer = new GroupCommitWriter(_committer, maxBatchSize: 100);
        _committer.CloseGate();
        Task<IReadOnlyList<WriteOutcome>> first = writer.WriteAsync([Write("first", 1)], default);
        await _committer.HeldAtGate.Task;

        Task<IReadOnlyList<WriteOutcome>>[] queued = Enumerable.Range(0, 20).Select(i => writer.WriteAsync([Write($"q{i}", 1)], default)).ToArray();
        Assert.All(queued, t => Assert.False(t.IsCompleted));
        _committer.Release();

        Assert.True(Assert.Single(await first).IsSuccess);
        Assert.All(await Task.WhenAll(queued), o => Assert.True(Assert.Single(o).IsSuccess));
        Assert.Equal([1, 20], _committer.Batches.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"q{i}#1"), _committer.Batches[1]);
        Assert.Equal(new GroupCommitStatistics(RoundTrips: 2, Commits: 2, WritesCommitted: 21, EventsCommitted: 21), writer.Statistics);
    }

    [Fact]
    public async Task A_batch_holds_at_most_the_maximum_number_of_writes()
    {
        await using var writer = new GroupCommitWriter(_committer, maxBatchSize: 5);
        _committer.CloseGate();
        Task<IReadOnlyList<WriteOutcome>> first = writer.WriteAsync([Write("first", 1)], default);
        await _committer.HeldAtGate.Task;

        // One caller's twelve writes are spread over several batches; its task completes after the last.
        Task<IReadOnlyList<WriteOutcome>> many = writer.WriteAsync(Enumerable.Range(1, 12).Select(i => Write($"m{i}", 1, 3)).ToArray(), default);
        _committer.Release();

        await first;
        IReadOnlyList<WriteOutcome> outcomes = await many;
        Assert.Equal(12, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.IsSuccess));
        Assert.Equal([1, 5, 5, 2], _committer.Batches.Select(b => b.Length));
        Assert.Equal(37, writer.Statistics.EventsCommitted);
    }

    [Fact]
    public async Task Max_batch_size_one_commits_each_write_alone()
    {
        await using var writer = new GroupCommitWriter(_committer, maxBatchSize: 1);
        _committer.CloseGate();
        Task<IReadOnlyList<WriteOutcome>> first = writer.WriteAsync([Write("first", 1)], default);
        await _committer.HeldAtGate.Task;
        Task<IReadOnlyList<WriteOutcome>>[] queued = Enumerable.Range(0, 5).Select(i => writer.WriteAsync([Write($"q{i}", 1)], default)).ToArray();
        _committer.Release();

        await first;
        await Task.WhenAll(queued);
        Assert.All(_committer.Batches, b => Assert.Single(b));
        Assert.Equal(6, writer.Statistics.Commits);
    }

    [Fact]
    public async Task A_rejected_write_fails_alone_and_the_rest_of_its_batch_is_committed_again()
    {
        var rejection = new SequenceNumberConflictException("bad", 1, 1, null);
        _committer.OnCommit = batch =>
        {
            int index = batch.ToList().FindIndex(w => w.PersistenceId == "bad");
            if (index >= 0)
            {
                throw new BatchWriteRejectedException(index, rejection);
            }
        };
        await using var writer = new GroupCommitWriter(_committer, maxBatchSize: 100);

        IReadOnlyList<WriteOutcome> outcomes = await writer.WriteAsync([Write("a", 1), Write("bad", 1), Write("c", 1)], default);

        Assert.True(outcomes[0].IsSuccess);
        Assert.Same(rejection, outcomes[1].Error);
        Assert.True(outcomes[2].IsSuccess);
        Assert.Equal([["a#1", "bad#1", "c#1"], ["a#1", "c#1"]], _committer.Batches);
        Assert.Equal(new GroupCommitStatistics(RoundTrips: 2, Commits: 1, WritesCommitted: 2, EventsCommitted: 2), writer.Statistics);
    }

    [Fact]
    public async Task After_a_failed_write_the_same_callers_later_writes_of_that_id_are_not_attempted()
    {
        RejectAsTaken("x", 1);
        await using var writer = new GroupCommitWriter(_committer, maxBatchSize: 2);

        // x#2 is in the failing batch; x#3 would be in a later one.
        IReadOnlyList<WriteOutcome> outcomes = await writer.WriteAsync([Write("x", 1), Write("x", 2), Write("y", 1), Write("x", 3)], default);

        Assert.IsType<SequenceNumberConflictException>(outcomes[0].Error);
        Assert.IsType<PrecedingWriteFailedException>(outcomes[1].Error);
        Assert.True(outcomes[2].IsSuccess);
        Assert.IsType<PrecedingWriteFailedException>(outcomes[3].Error);
        Assert.DoesNotContain(_committer.Batches.SelectMany(b => b), w => w is "x#2" or "x#3" && _committer.Batches.Count(b => b.Contains(w)) > 1);
        Assert.DoesNotContain("x#3", _committer.Batches.SelectMany(b => b));
    }

    [Fact]
    public async Task A_chained_write_is_queued_while_its_predecessor_commits_and_joins_the_next_commit()
    {
        await using var writer = new GroupCommitWriter(_committer, maxBatchSize: 100);
        _committer.CloseGate();
        GroupCommitRequest first = writer.WriteAfter(Write("x", 1), previous: null);
        await _committer.HeldAtGate.Task;

        GroupCommitRequest second = writer.WriteAfter(Write("x", 2), first);
        GroupCommitRequest third = writer.WriteAfter(Write("x", 3), second);
        _committer.Release();

        Assert.True(Assert.Single(await first.Task).IsSuccess);
        Assert.True(Assert.Single(await second.Task).IsSuccess);
        Assert.True(Assert.Single(await third.Task).IsSuccess);
        Assert.Equal([["x#1"], ["x#2", "x#3"]], _committer.Batches);
    }

    [Fact]
    public async Task A_write_chained_to_a_failed_one_is_refused_rather_than_stored_after_a_gap()
    {
        var outage = new IOException("disk full");
        _committer.OnCommit = batch =>
        {
            if (batch.Any(w => w.PersistenceId == "x" && w.LowestSequenceNr == 1))
            {
                throw outage;
            }
        };
        await using var writer = new GroupCommitWriter(_committer, maxBatchSize: 100);
        _committer.CloseGate();
        GroupCommitRequest first = writer.WriteAfter(Write("x", 1), previous: null);
        await _committer.HeldAtGate.Task;

        // Queued behind x#1 while it commits: x#2 and x#3 continue it, y#1 is another caller's.
        GroupCommitRequest second = writer.WriteAfter(Write("x", 2), first);
        GroupCommitRequest third = writer.WriteAfter(Write("x", 3), second);
        GroupCommitRequest other = writer.WriteAfter(Write("y", 1), previous: null);
        _committer.Release();

        Assert.Same(outage, Assert.Single(await first.Task).Error);
        var refused = Assert.IsType<PrecedingWriteFailedException>(Assert.Single(await second.Task).Error);
        Assert.Equal(2, refused.LowestSequenceNr);
        Assert.Same(outage, refused.InnerException);
        Assert.IsType<PrecedingWriteFailedException>(Assert.Single(await third.Task).Error);
        Assert.True(Assert.Single(await other.Task).IsSuccess);
        Assert.Equal([["x#1"], ["y#1"]], _committer.Batches);
    }

    [Fact]
    public async Task A_write_rejected_in_a_batch_takes_the_writes_chained_to_it_out_with_it()
    {
        RejectAsTaken("x", 1);
        await using var writer = new GroupCommitWriter(_committer, maxBatchSize: 100);
        _committer.CloseGate();
        GroupCommitRequest hold = writer.WriteAfter(Write("hold", 1), previous: null);
        await _committer.HeldAtGate.Task;

        // All in the next batch: x#2 and x#3 continue x#1; x#9 is another caller's write of the same id.
        GroupCommitRequest first = writer.WriteAfter(Write("x", 1), previous: null);
        GroupCommitRequest other = writer.WriteAfter(Write("y", 1), previous: null);
        GroupCommitRequest second = writer.WriteAfter(Write("x", 2), first);
        GroupCommitRequest third = writer.WriteAfter(Write("x", 3), second);
        GroupCommitRequest unrelated = writer.WriteAfter(Write("x", 9), previous: null);
        _committer.Release();

        await hold.Task;
        Assert.IsType<SequenceNumberConflictException>(Assert.Single(await first.Task).Error);
        Assert.IsType<PrecedingWriteFailedException>(Assert.Single(await second.Task).Error);
        Assert.IsType<PrecedingWriteFailedException>(Assert.Single(await third.Task).Error);
        Assert.True(Assert.Single(await other.Task).IsSuccess);
        Assert.True(Assert.Single(await unrelated.Task).IsSuccess);
        Assert.Equal([["hold#1"], ["x#1", "y#1", "x#2", "x#3", "x#9"], ["y#1", "x#9"]], _committer.Batches);
    }

    [Fact]
    public async Task Any_other_failure_fails_the_whole_batch_with_its_cause_and_the_writer_carries_on()
    {
        var outage = new IOException("connection reset");
        bool failNext = true;
        _committer.OnCommit = _ =>
        {
            if (failNext)
            {
                failNext = false;
                throw outage;
            }
        };
        await using var writer = new GroupCommitWriter(_committer, maxBatchSize: 100);

        IReadOnlyList<WriteOutcome> failed = await writer.WriteAsync([Write("a", 1), Write("b", 1)], default);
        IReadOnlyList<WriteOutcome> later = await writer.WriteAsync([Write("a", 1)], default);

        Assert.All(failed, o => Assert.Same(outage, o.Error));
        Assert.True(Assert.Single(later).IsSuccess);
        Assert.Equal(new GroupCommitStatistics(RoundTrips: 2, Commits: 1, WritesCommitted: 1, EventsCommitted: 1), writer.Statistics);
    }

    [Fact]
    public async Task A_write_canceled_while_queued_is_never_committed()
    {
        await using var writer = new GroupCommitWriter(_committer, maxBatchSize: 100);
        _committer.CloseGate();
        Task<IReadOnlyList<WriteOutcome>> first = writer.WriteAsync([Write("first", 1)], default);
        await _committer.HeldAtGate.Task;

        using var cancellation = new CancellationTokenSource();
        Task<IReadOnlyList<WriteOutcome>> canceled = writer.WriteAsync([Write("canceled", 1)], cancellation.Token);
        Task<IReadOnlyList<WriteOutcome>> kept = writer.WriteAsync([Write("kept", 1)], default);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled);
        _committer.Release();

        await first;
        Assert.True(Assert.Single(await kept).IsSuccess);
        Assert.DoesNotContain("canceled#1", _committer.Batches.SelectMany(b => b));
    }

    [Fact]
    public async Task Cancellation_after_the_write_is_taken_does_not_abandon_it()
    {
        await using var writer = new GroupCommitWriter(_committer, maxBatchSize: 100);
        _committer.CloseGate();
        using var cancellation = new CancellationTokenSource();
        Task<IReadOnlyList<WriteOutcome>> taken = writer.WriteAsync([Write("taken", 1)], cancellation.Token);
        await _committer.HeldAtGate.Task;

        await cancellation.CancelAsync();
        _committer.Release();

        Assert.True(Assert.Single(await taken).IsSuccess);
    }

    [Fact]
    public async Task Disposing_completes_accepted_writes_and_refuses_new_ones()
    {
        var writer = new GroupCommitWriter(_committer, maxBatchSize: 3);
        _committer.CloseGate();
        Task<IReadOnlyList<WriteOutcome>> first = writer.WriteAsync([Write("first", 1)], default);
        await _committer.HeldAtGate.Task;
        Task<IReadOnlyList<WriteOutcome>>[] queued = Enumerable.Range(0, 10).Select(i => writer.WriteAsync([Write($"q{i}", 1)], default)).ToArray();

        ValueTask disposal = writer.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.WriteAsync([Write("late", 1)], default));
        _committer.Release();
        await disposal;

        Assert.True(first.IsCompletedSuccessfully);
        Assert.All(queued, t => Assert.True(Assert.Single(t.Result).IsSuccess));
        Assert.Equal(11, writer.Statistics.WritesCommitted);
    }

    [Fact]
    public async Task An_empty_call_completes_at_once_and_nulls_are_refused()
    {
        await using var writer = new GroupCommitWriter(_committer, maxBatchSize: 3);

        Assert.Empty(await writer.WriteAsync([], default));
        await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteAsync([Write("a", 1), null!], default));
        await Assert.ThrowsAsync<ArgumentNullException>(() => writer.WriteAsync(null!, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GroupCommitWriter(_committer, maxBatchSize: 0));
        Assert.Empty(_committer.Batches);
    }

    /// <summary>Makes the committer reject the write of <paramref name="persistenceId"/> from <paramref name="sequenceNr"/> as a conflict, alone.</summary>
    private void RejectAsTaken(string persistenceId, long sequenceNr) => _committer.OnCommit = batch =>
    {
        int index = batch.ToList().FindIndex(w => w.PersistenceId == persistenceId && w.LowestSequenceNr == sequenceNr);
        if (index >= 0)
        {
            throw new BatchWriteRejectedException(index, new SequenceNumberConflictException(persistenceId, sequenceNr, sequenceNr, null));
        }
    };
}
