using Actors.Persistence.Journal;
using Actors.Persistence.Tests.Infrastructure;
using static Actors.Persistence.Tests.Infrastructure.TestEvents;

namespace Actors.Persistence.Tests.Contract;

/// <summary>
/// What a journal that supports <see cref="WriteFence"/>s must do: store a fenced write only while its epoch is
/// current, fail it alone otherwise, and never let a write of an old epoch commit after the epoch moved. A backend's
/// test class says how to open such a journal and how to move epochs in its fence table. Scopes are whole numbers
/// (shard ids), written as text.
/// </summary>
public abstract class FencingContract : IAsyncLifetime
{
    private readonly List<IJournal> _opened = [];

    protected IJournal Journal { get; private set; } = null!;

    /// <summary>Opens (without initializing) a journal whose fence table is this test's.</summary>
    protected abstract IJournal Open();

    protected abstract GroupCommitStatistics StatisticsOf(IJournal journal);

    /// <summary>Creates the fence table, empty; called before the first journal is opened.</summary>
    protected abstract Task CreateFenceTableAsync();

    /// <summary>Sets the epoch of <paramref name="scope"/>, creating its row if needed.</summary>
    protected abstract Task SetEpochAsync(string scope, long epoch);

    /// <summary>
    /// Moves <paramref name="scope"/> to <paramref name="epoch"/> as an owner change would, and reports how many events of
    /// <paramref name="persistenceId"/> the journal held at the moment the move took effect.
    /// </summary>
    protected abstract Task<int> MoveEpochAndCountEventsAsync(string scope, long epoch, string persistenceId);

    /// <summary>Stalls the journal's writer on its next batch until the handle is disposed.</summary>
    protected abstract Task<IAsyncDisposable> HoldWriteLockAsync();

    public virtual async Task InitializeAsync()
    {
        await CreateFenceTableAsync();
        Journal = await OpenInitializedAsync();
    }

    public virtual async Task DisposeAsync()
    {
        foreach (IJournal journal in _opened)
        {
            await journal.DisposeAsync();
        }
    }

    protected async Task<IJournal> OpenInitializedAsync()
    {
        IJournal journal = Open();
        _opened.Add(journal);
        await journal.InitializeAsync();
        return journal;
    }

    [BackendFact]
    public async Task A_fenced_write_at_the_current_epoch_is_stored()
    {
        await SetEpochAsync("1", 5);

        WriteOutcome outcome = Assert.Single(await Journal.WriteAsync([Fenced(Write("shard-1", 1, 3), "1", 5)]));

        Assert.True(outcome.IsSuccess, outcome.ToString());
        Assert.Equal(3, await Journal.ReadHighestSequenceNrAsync("shard-1", 0));
    }

    [BackendFact]
    public async Task A_fenced_write_fails_once_the_epoch_has_moved_and_stores_nothing()
    {
        await SetEpochAsync("2", 5);
        Assert.True(Assert.Single(await Journal.WriteAsync([Fenced(Write("shard-2", 1), "2", 5)])).IsSuccess);
        await SetEpochAsync("2", 6);

        WriteOutcome stale = Assert.Single(await Journal.WriteAsync([Fenced(Write("shard-2", 2, 4), "2", 5)]));

        var fenced = Assert.IsType<FencedWriteException>(stale.Error);
        Assert.Equal("shard-2", fenced.PersistenceId);
        Assert.Equal((2L, 4L), (fenced.LowestSequenceNr, fenced.HighestSequenceNr));
        Assert.Equal(new WriteFence("2", 5), fenced.Fence);
        Assert.Equal(6, fenced.CurrentEpoch);
        Assert.Contains("epoch 5 of scope '2'", fenced.Message);
        Assert.Contains("current epoch is 6", fenced.Message);
        Assert.Equal(1, await Journal.ReadHighestSequenceNrAsync("shard-2", 0));

        // The new owner, at the new epoch, continues where the journal is.
        Assert.True(Assert.Single(await Journal.WriteAsync([Fenced(Write("shard-2", 2, writer: "new-owner"), "2", 6)])).IsSuccess);
        Assert.Equal(2, await Journal.ReadHighestSequenceNrAsync("shard-2", 0));
    }

    [BackendFact]
    public async Task A_write_fenced_by_an_epoch_from_the_future_fails_too()
    {
        await SetEpochAsync("3", 5);

        var fenced = Assert.IsType<FencedWriteException>(Assert.Single(await Journal.WriteAsync([Fenced(Write("shard-3", 1), "3", 6)])).Error);

        Assert.Equal(5, fenced.CurrentEpoch);
    }

    [BackendFact]
    public async Task A_write_for_a_scope_without_a_fence_row_fails()
    {
        var fenced = Assert.IsType<FencedWriteException>(Assert.Single(await Journal.WriteAsync([Fenced(Write("shard-99", 1), "99", 1)])).Error);

        Assert.Null(fenced.CurrentEpoch);
        Assert.Contains("no fence row", fenced.Message);
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("shard-99", 0));
    }

    [BackendFact]
    public async Task Unfenced_writes_are_unaffected_by_epochs()
    {
        await SetEpochAsync("4", 1);
        await WriteAsyncAllSucceed(Fenced(Write("shard-4", 1), "4", 1));
        await SetEpochAsync("4", 2);

        // An unfenced write is not checked at all, whatever the scope's epoch.
        await WriteAsyncAllSucceed(Write("shard-4", 2), Write("unrelated", 1, 2));

        Assert.Equal(2, await Journal.ReadHighestSequenceNrAsync("shard-4", 0));
        Assert.Equal(2, await Journal.ReadHighestSequenceNrAsync("unrelated", 0));
    }

    [BackendFact]
    public async Task A_fenced_failure_in_a_batch_fails_that_write_alone()
    {
        await SetEpochAsync("5", 2);
        await SetEpochAsync("6", 7);
        GroupCommitStatistics before = StatisticsOf(Journal);

        Task<IReadOnlyList<WriteOutcome>> innocent, current, staleCall;
        await using (await HoldWriteLockAsync())
        {
            // All of these queue behind the held lock and go into one batch.
            innocent = Journal.WriteAsync([Write("plain", 1, 2)]);
            staleCall = Journal.WriteAsync([Fenced(Write("shard-5", 1), "5", 1), Fenced(Write("shard-5", 2), "5", 2), Write("plain-2", 1)]);
            current = Journal.WriteAsync([Fenced(Write("shard-6", 1, 2), "6", 7)]);
        }

        Assert.True(Assert.Single(await innocent).IsSuccess);
        Assert.True(Assert.Single(await current).IsSuccess);
        IReadOnlyList<WriteOutcome> stale = await staleCall;
        Assert.IsType<FencedWriteException>(stale[0].Error);
        var skipped = Assert.IsType<PrecedingWriteFailedException>(stale[1].Error); // would leave a gap after the fenced one
        Assert.IsType<FencedWriteException>(skipped.InnerException);
        Assert.True(stale[2].IsSuccess);

        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("shard-5", 0));
        Assert.Equal(2, await Journal.ReadHighestSequenceNrAsync("shard-6", 0));
        Assert.Equal(2, await Journal.ReadHighestSequenceNrAsync("plain", 0));
        Assert.Equal(1, await Journal.ReadHighestSequenceNrAsync("plain-2", 0));
        Assert.Equal(3, StatisticsOf(Journal).WritesCommitted - before.WritesCommitted);
    }

    [BackendFact]
    public async Task An_epoch_move_and_a_write_of_the_old_epoch_never_both_win()
    {
        // Over many rounds, race an owner's write at epoch e against the move to e + 1. Either the write committed
        // before the move took effect (and the move sees its events), or it failed as fenced and stored nothing; a
        // write that commits after the move, under the old epoch, is what fencing exists to prevent.
        const int rounds = 40;
        int won = 0, fenced = 0;
        for (int round = 0; round < rounds; round++)
        {
            string scope = (1000 + round).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string persistenceId = $"raced-{round}";
            await SetEpochAsync(scope, 1);

            Task<IReadOnlyList<WriteOutcome>> write = Task.Run(() => Journal.WriteAsync([Fenced(Write(persistenceId, 1, 3), scope, 1)]));
            Task<int> move = Task.Run(() => MoveEpochAndCountEventsAsync(scope, 2, persistenceId));
            WriteOutcome outcome = Assert.Single(await write);
            int seenByMove = await move;

            if (outcome.IsSuccess)
            {
                won++;
                Assert.Equal(3, seenByMove);
            }
            else
            {
                fenced++;
                Assert.Equal(2, Assert.IsType<FencedWriteException>(outcome.Error).CurrentEpoch);
                Assert.Equal(0, seenByMove);
                Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync(persistenceId, 0));
            }

            // After the move, the old epoch never writes again.
            Assert.IsType<FencedWriteException>(Assert.Single(await Journal.WriteAsync([Fenced(Write(persistenceId, 4), scope, 1)])).Error);
        }

        Assert.Equal(rounds, won + fenced);
    }

    [BackendFact]
    public async Task Two_journals_share_one_fence()
    {
        // As two nodes of a cluster would: the old owner's journal and the new owner's.
        IJournal other = await OpenInitializedAsync();
        await SetEpochAsync("7", 1);
        await WriteAsyncAllSucceed(Fenced(Write("shard-7", 1), "7", 1));

        await SetEpochAsync("7", 2);
        Assert.True(Assert.Single(await other.WriteAsync([Fenced(Write("shard-7", 2, writer: "new"), "7", 2)])).IsSuccess);

        Assert.IsType<FencedWriteException>(Assert.Single(await Journal.WriteAsync([Fenced(Write("shard-7", 3, writer: "old"), "7", 1)])).Error);
        Assert.Equal(2, await Journal.ReadHighestSequenceNrAsync("shard-7", 0));
    }

    protected static AtomicWrite Fenced(AtomicWrite write, string scope, long epoch) =>
        new(write.Events) { Fence = new WriteFence(scope, epoch) };

    private async Task WriteAsyncAllSucceed(params AtomicWrite[] writes)
    {
        IReadOnlyList<WriteOutcome> outcomes = await Journal.WriteAsync(writes);
        Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.ToString()));
    }
}
