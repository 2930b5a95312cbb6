using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Actors.Store.Configuration;

namespace Actors.Store.Tests.Api;

/// <summary>
/// What a caller gets when the store cannot finish a call: cancellation ends the wait at once, and pipelined writes
/// that never reach their shard are reported by <see cref="StorePipeline.FlushAsync"/> with their number — never a
/// flush that claims success. The journal is a real PostgreSQL schema whose tables the test locks, which holds every
/// write deterministically until it lets go.
/// </summary>
public sealed partial class StoreCallLimitsTests
{
    private static StoreSettings OnPostgres(string schema, int shards = 2) => new()
    {
        Shards = shards,
        Durability = Durability.Batched,
        Backend = StoreBackend.PostgreSql,
        PostgreSqlConnectionString = PostgresFactAttribute.ConnectionString,
        PostgreSqlSchema = schema,
    };

    [Fact]
    public async Task A_call_with_a_cancelled_token_throws_and_changes_nothing()
    {
        await using var harness = await StoreHarness.StartAsync(new StoreSettings { Shards = 2, Durability = Durability.None });
        var store = harness.Store;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.SetAsync("k", "v"u8.ToArray(), cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.IncrementAsync("n", cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.GetAsync("k", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.ScanAsync("", 10, cancellationToken: cancelled.Token));
        Assert.Null(await store.GetAsync("k"));
        Assert.Null(await store.GetAsync("n"));
    }

    [PostgresFact]
    public async Task Cancelling_a_call_that_waits_for_the_journal_ends_the_wait_at_once()
    {
        var schema = PostgresTableLock.NewSchema("cancel");
        try
        {
            // A request timeout far longer than the test: only the cancellation can end these calls early.
            await using var harness = await StoreHarness.StartAsync(OnPostgres(schema) with { RequestTimeout = TimeSpan.FromMinutes(2) });
            var store = harness.Store;
            await store.SetAsync("warm", "v"u8.ToArray());

            await using (await PostgresTableLock.AcquireAsync(schema))
            {
                using var cancel = new CancellationTokenSource();
                var write = store.SetAsync("held", "v"u8.ToArray(), cancellationToken: cancel.Token).AsTask();
                var increment = store.IncrementAsync("counter", cancellationToken: cancel.Token).AsTask();
                var flush = store.FlushAsync(cancel.Token).AsTask();
                await Task.Delay(100);
                Assert.False(write.IsCompleted || increment.IsCompleted || flush.IsCompleted, "a call completed while its journal was locked");

                var watch = Stopwatch.StartNew();
                await cancel.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => increment);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flush);
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the cancelled calls took {watch.Elapsed} to end");
            }

            // The store serves on; what a cancelled write did is unknown to its caller, but it is whole either way.
            Assert.True((await store.SetAsync("after", "v"u8.ToArray())).Applied);
            Assert.True(await store.GetAsync("held") is null or { Version: 1 });
        }
        finally
        {
            await PostgresTableLock.DropSchemaAsync(schema);
        }
    }

    [PostgresFact]
    public async Task Pipelined_writes_that_never_reach_their_shard_make_the_flush_fail_with_their_number()
    {
        // A shard whose journal is held stops taking messages once it holds what its journal has not taken
        // (store.journal.max-pending-events); its bounded mailbox, full, evicts the oldest batch under drop-oldest.
        // The evicted batches are dead letters: the pipeline must say how many writes it lost, and exactly those
        // must be missing.
        const int batchSize = 5;
        const int writes = 200;
        var schema = PostgresTableLock.NewSchema("lost");
        const string system = """two-dropping { mailbox-type = "Actors.Dispatch.BoundedAnsweringMailbox, Actors", mailbox-capacity = 2, overflow-policy = drop-oldest }""";
        try
        {
            await using var harness = await StoreHarness.StartAsync(OnPostgres(schema, shards: 1) with { Mailbox = "two-dropping", MaxPendingEvents = 1 }, system);
            var store = harness.Store;
            await store.SetAsync("warm", "v"u8.ToArray());
            var pipeline = store.CreatePipeline(batchSize);

            var journal = await PostgresTableLock.AcquireAsync(schema);
            await using (journal)
            {
                for (var i = 0; i < writes; i++)
                {
                    await pipeline.SetAsync($"p/{i}", Encoding.UTF8.GetBytes($"v{i}")).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                }
            }

            var failure = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await pipeline.FlushAsync());
            var match = LostCount().Match(failure.Message);
            Assert.True(match.Success, failure.Message);
            var lost = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(lost > 0 && lost % batchSize == 0, $"{lost} writes reported lost: {failure.Message}");

            var present = 0;
            for (var i = 0; i < writes; i++)
            {
                if (await store.GetAsync($"p/{i}") is { } entry)
                {
                    Assert.Equal($"v{i}", Encoding.UTF8.GetString(entry.Value.Span));
                    present++;
                }
            }

            Assert.Equal(writes - lost, present);

            // The report was taken: the next flush of the same pipeline has nothing to report.
            await pipeline.FlushAsync();
        }
        finally
        {
            await PostgresTableLock.DropSchemaAsync(schema);
        }
    }

    [PostgresFact]
    public async Task A_pipelined_batch_a_full_shard_refuses_fails_its_write_at_once_and_is_not_reported_again_as_lost()
    {
        // Under the reject policy a full shard mailbox refuses the batch to the writer that sent it: the write that
        // triggered the send gets StoreOverloadedException, none of that batch is applied, and the flush does not
        // count it a second time as lost.
        const int batchSize = 4;
        var schema = PostgresTableLock.NewSchema("refused");
        const string system = """one-rejecting { mailbox-type = "Actors.Dispatch.BoundedAnsweringMailbox, Actors", mailbox-capacity = 1, overflow-policy = reject }""";
        try
        {
            await using var harness = await StoreHarness.StartAsync(OnPostgres(schema, shards: 1) with { Mailbox = "one-rejecting", MaxPendingEvents = 1 }, system);
            var store = harness.Store;
            await store.SetAsync("warm", "v"u8.ToArray());
            var pipeline = store.CreatePipeline(batchSize);
            var accepted = new List<int>();
            var refused = new List<int>();
            await using (var journal = await PostgresTableLock.AcquireAsync(schema))
            {
                var pending = new List<int>();
                for (var i = 0; refused.Count == 0; i++)
                {
                    Assert.True(i < 10_000, "the shard never refused a batch although its journal was held");
                    pending.Add(i);
                    try
                    {
                        await pipeline.SetAsync($"p/{i}", Encoding.UTF8.GetBytes($"v{i}")).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                        if (pending.Count == batchSize)
                        {
                            accepted.AddRange(pending);
                            pending.Clear();
                        }
                    }
                    catch (StoreOverloadedException)
                    {
                        refused.AddRange(pending);
                    }
                }
            }

            Assert.Equal(batchSize, refused.Count);

            // The flush goes through the same one-message mailbox, which may still be full while the shard catches up:
            // it is refused like any request (429 over HTTP), and retried the way a client would.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                try
                {
                    await pipeline.FlushAsync();
                    break;
                }
                catch (StoreOverloadedException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(10);
                }
            }

            foreach (var i in accepted)
            {
                Assert.Equal($"v{i}", Encoding.UTF8.GetString((await store.GetAsync($"p/{i}"))!.Value.Span));
            }

            foreach (var i in refused)
            {
                Assert.Null(await store.GetAsync($"p/{i}"));
            }

            Assert.Equal(0, pipeline.BatchesInFlight);
        }
        finally
        {
            await PostgresTableLock.DropSchemaAsync(schema);
        }
    }

    [GeneratedRegex(@"^(\d+) pipelined write\(s\) never reached their shard")]
    private static partial Regex LostCount();
}
