using Actors.Persistence.Journal;
using Actors.Persistence.Sqlite;
using Actors.Persistence.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static Actors.Persistence.Tests.Infrastructure.TestEvents;

namespace Actors.Persistence.Tests.Sqlite;

/// <summary>
/// The SQLite journal keeps recent events in an unindexed tail and settles them into the clustered table
/// in bulk; none of that may show through the journal's behavior.
/// </summary>
public sealed class SqliteTailTests : IAsyncLifetime, IDisposable
{
    private const int Threshold = SqliteBatchCommitter.SettleThreshold;
    private readonly TempDirectory _directory = new();
    private SqliteJournal _journal = null!;

    public async Task InitializeAsync()
    {
        _journal = new SqliteJournal(new SqliteJournalSettings { DataDirectory = _directory.Path });
        await _journal.InitializeAsync();
    }

    public async Task DisposeAsync() => await _journal.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Events_read_the_same_whether_settled_or_in_the_tail()
    {
        long total = Threshold + Threshold / 2;
        await WriteInChunksAsync("e", 1, total);

        (long settled, long tail) = Counts();
        Assert.True(settled >= Threshold, $"{settled} settled");
        Assert.True(tail > 0, $"{tail} in the tail");

        Assert.Equal(Range(1, total), await SequenceNrsAsync("e", 1, long.MaxValue, long.MaxValue));
        Assert.Equal(Range(settled - 2, settled + 2), await SequenceNrsAsync("e", settled - 2, settled + 2, long.MaxValue));
        Assert.Equal(Range(settled - 1, settled + 1), await SequenceNrsAsync("e", settled - 1, long.MaxValue, 3));
        Assert.Equal(total, await _journal.ReadHighestSequenceNrAsync("e", 0));
    }

    [Fact]
    public async Task Conflicts_are_found_in_the_settled_table_in_the_tail_and_across_both()
    {
        long total = Threshold + 10;
        await WriteInChunksAsync("c", 1, total);
        (long settled, _) = Counts();

        foreach (AtomicWrite write in new[] { Write("c", 1), Write("c", settled), Write("c", total), Write("c", settled - 1, settled + 1), Write("c", total, total + 1) })
        {
            Assert.IsType<SequenceNumberConflictException>(Assert.Single(await _journal.WriteAsync([write])).Error);
        }

        Assert.Equal(Range(1, total), await SequenceNrsAsync("c", 1, long.MaxValue, long.MaxValue));
    }

    [Fact]
    public async Task Deletes_reach_both_and_keep_the_highest_number()
    {
        long total = Threshold + 300;
        await WriteInChunksAsync("d", 1, total);
        (long settled, long tail) = Counts();
        long deleteTo = settled + (tail / 2);
        Assert.InRange(deleteTo, settled + 1, total - 1);

        await _journal.DeleteMessagesToAsync("d", deleteTo);

        Assert.Equal(Range(deleteTo + 1, total), await SequenceNrsAsync("d", 1, long.MaxValue, long.MaxValue));
        await _journal.DeleteMessagesToAsync("d", long.MaxValue);
        Assert.Empty(await SequenceNrsAsync("d", 1, long.MaxValue, long.MaxValue));
        Assert.Equal(total, await _journal.ReadHighestSequenceNrAsync("d", 0));

        // The writer notices that another connection changed the tail and still accepts the next number.
        Assert.True(Assert.Single(await _journal.WriteAsync([Write("d", total + 1)])).IsSuccess);
    }

    [Fact]
    public async Task A_writer_sees_what_another_journal_on_the_file_appended()
    {
        await using var other = new SqliteJournal(new SqliteJournalSettings { DataDirectory = _directory.Path });
        await other.InitializeAsync();

        for (long seq = 1; seq <= 20; seq++)
        {
            // Alternate journals: each must see the other's latest event in the tail.
            SqliteJournal mine = seq % 2 == 0 ? _journal : other;
            SqliteJournal theirs = seq % 2 == 0 ? other : _journal;
            Assert.True(Assert.Single(await mine.WriteAsync([Write("shared", seq)])).IsSuccess);
            Assert.IsType<SequenceNumberConflictException>(Assert.Single(await theirs.WriteAsync([Write("shared", seq)])).Error);
        }

        Assert.Equal(Range(1, 20), await SequenceNrsAsync("shared", 1, long.MaxValue, long.MaxValue));
    }

    private async Task WriteInChunksAsync(string persistenceId, long from, long to)
    {
        for (long seq = from; seq <= to; seq += 100)
        {
            IReadOnlyList<WriteOutcome> outcomes = await _journal.WriteAsync([Write(persistenceId, seq, Math.Min(seq + 99, to))]);
            Assert.True(Assert.Single(outcomes).IsSuccess);
        }
    }

    private (long Settled, long Tail) Counts()
    {
        using var connection = new SqliteConnection($"Data Source={_journal.DatabasePath};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM journal), (SELECT count(*) FROM journal_tail);";
        using SqliteDataReader reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<List<long>> SequenceNrsAsync(string persistenceId, long from, long to, long max)
    {
        var numbers = new List<long>();
        await foreach (PersistentRepr e in _journal.ReplayAsync(persistenceId, from, to, max))
        {
            Assert.Equal(Payload(persistenceId, e.SequenceNr), e.Payload.ToArray());
            numbers.Add(e.SequenceNr);
        }

        return numbers;
    }

    private static List<long> Range(long from, long to) => Enumerable.Range(0, (int)(to - from + 1)).Select(i => from + i).ToList();
}
