using Actors.Persistence.Journal;
using Actors.Persistence.Sqlite;
using Actors.Persistence.Tests.Contract;
using Actors.Persistence.Tests.Infrastructure;

namespace Actors.Persistence.Tests.Sqlite;

public sealed class SqliteJournalTests : JournalContract, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override IJournal Open(int maxBatchSize = 512) =>
        new SqliteJournal(new SqliteJournalSettings { DataDirectory = _directory.Path, MaxBatchSize = maxBatchSize });

    protected override GroupCommitStatistics StatisticsOf(IJournal journal) => ((SqliteJournal)journal).Statistics;

    protected override Task<IAsyncDisposable> HoldWriteLockAsync() =>
        Task.FromResult<IAsyncDisposable>(SqliteWriteLock.Take(((SqliteJournal)Journal).DatabasePath));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Strict_durability_writes_and_reads_back()
    {
        await using var strict = new SqliteJournal(new SqliteJournalSettings
        {
            DataDirectory = _directory.Path,
            FileName = "strict.db",
            Durability = SqliteDurability.Strict,
        });
        await strict.InitializeAsync();

        await WriteSuccessfullyAsync(strict, TestEvents.Write("strict", 1, 3));

        Assert.Equal(3, await strict.ReadHighestSequenceNrAsync("strict", 0));
    }

    [Fact]
    public void Settings_are_validated_with_messages_that_name_the_setting()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new SqliteJournal(new SqliteJournalSettings { DataDirectory = _directory.Path, MaxBatchSize = 0 }));
        Assert.Contains("MaxBatchSize", e.Message);
        e = Assert.Throws<ArgumentException>(() => new SqliteJournal(new SqliteJournalSettings { DataDirectory = "" }));
        Assert.Contains("DataDirectory", e.Message);
        e = Assert.Throws<ArgumentException>(() => new SqliteJournal(new SqliteJournalSettings { DataDirectory = _directory.Path, FileName = "a/b.db" }));
        Assert.Contains("FileName", e.Message);
        e = Assert.Throws<ArgumentException>(() => new SqliteJournal(new SqliteJournalSettings { DataDirectory = _directory.Path, FileName = ":memory:" }));
        Assert.Contains("FileName", e.Message);
        e = Assert.Throws<ArgumentException>(() => new SqliteJournal(new SqliteJournalSettings { DataDirectory = _directory.Path, BusyTimeout = TimeSpan.FromSeconds(-1) }));
        Assert.Contains("BusyTimeout", e.Message);
    }

    [Fact]
    public async Task Journal_and_snapshot_store_can_share_one_file()
    {
        await using var snapshots = new SqliteSnapshotStore(new SqliteSnapshotStoreSettings { DataDirectory = _directory.Path, FileName = "journal.db" });
        await snapshots.InitializeAsync();
        await WriteSuccessfullyAsync(Journal, TestEvents.Write("shared", 1, 2));
        await snapshots.SaveAsync(new SnapshotMetadata("shared", 2, TestEvents.Epoch), new byte[] { 42 });

        Assert.Equal(2, await Journal.ReadHighestSequenceNrAsync("shared", 0));
        Assert.Equal(new byte[] { 42 }, (await snapshots.LoadAsync("shared", SnapshotSelectionCriteria.Latest))!.Snapshot.ToArray());
    }

    [Fact]
    public async Task Fenced_writes_are_refused_clearly_and_alone()
    {
        AtomicWrite fenced = new(TestEvents.Write("shard-1", 1).Events) { Fence = new WriteFence("1", 3) };

        IReadOnlyList<WriteOutcome> outcomes = await Journal.WriteAsync([TestEvents.Write("before", 1), fenced, TestEvents.Write("after", 1)]);

        var refused = Assert.IsType<NotSupportedException>(outcomes[1].Error);
        Assert.Contains("fencing needs the PostgreSQL journal", refused.Message);
        Assert.True(outcomes[0].IsSuccess);
        Assert.True(outcomes[2].IsSuccess);
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("shard-1", 0));
    }
}
