using Actors.Store.Linearizability;
using Xunit.Abstractions;

namespace Actors.Store.Tests.Linearizability;

/// <summary>The checker's own behaviour, apart from any particular store: events, timeouts, reports.</summary>
public sealed class CheckerTests(ITestOutputHelper output)
{
    [Fact]
    public void Register_history_with_overlapping_reads_is_linearizable()
    {
        // A write of 100 over [0, 100]; one read over [25, 75] sees it, another over [30, 60] does not.
        var history = new[]
        {
            Operation.Completed(0, RegisterInput.Write(100), 0, RegisterOutput.Written, 100),
            Operation.Completed(1, RegisterInput.Read(), 25, RegisterOutput.ReadValue(100), 75),
            Operation.Completed(2, RegisterInput.Read(), 30, RegisterOutput.ReadValue(null), 60),
        };

        Assert.True(LinearizabilityChecker.Check(RegisterModel.Instance, history).IsLinearizable);
    }

    [Fact]
    public void Register_history_where_a_later_read_misses_an_observed_write_is_not_linearizable()
    {
        var history = new[]
        {
            Operation.Completed(0, RegisterInput.Write(200), 0, RegisterOutput.Written, 100),
            Operation.Completed(1, RegisterInput.Read(), 10, RegisterOutput.ReadValue(200), 30),
            Operation.Completed(2, RegisterInput.Read(), 40, RegisterOutput.ReadValue(null), 90),
        };

        var result = LinearizabilityChecker.Check(RegisterModel.Instance, history);

        output.WriteLine(result.ToString());
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
        Assert.Contains("read() -> nil", result.ToString());
    }

    [Fact]
    public void Events_are_checked_like_the_operations_they_describe()
    {
        // The same two histories as above, as call and return events.
        var good = new[]
        {
            HistoryEvent.Call<RegisterInput, RegisterOutput>(0, 0, RegisterInput.Write(100)),
            HistoryEvent.Call<RegisterInput, RegisterOutput>(1, 1, RegisterInput.Read()),
            HistoryEvent.Call<RegisterInput, RegisterOutput>(2, 2, RegisterInput.Read()),
            HistoryEvent.Return<RegisterInput, RegisterOutput>(2, 2, RegisterOutput.ReadValue(null)),
            HistoryEvent.Return<RegisterInput, RegisterOutput>(1, 1, RegisterOutput.ReadValue(100)),
            HistoryEvent.Return<RegisterInput, RegisterOutput>(0, 0, RegisterOutput.Written),
        };
        var bad = new[]
        {
            HistoryEvent.Call<RegisterInput, RegisterOutput>(0, 0, RegisterInput.Write(200)),
            HistoryEvent.Call<RegisterInput, RegisterOutput>(1, 1, RegisterInput.Read()),
            HistoryEvent.Return<RegisterInput, RegisterOutput>(1, 1, RegisterOutput.ReadValue(200)),
            HistoryEvent.Call<RegisterInput, RegisterOutput>(2, 2, RegisterInput.Read()),
            HistoryEvent.Return<RegisterInput, RegisterOutput>(2, 2, RegisterOutput.ReadValue(null)),
            HistoryEvent.Return<RegisterInput, RegisterOutput>(0, 0, RegisterOutput.Written),
        };

        Assert.Equal(LinearizabilityVerdict.Linearizable, LinearizabilityChecker.CheckEvents(RegisterModel.Instance, good).Verdict);
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, LinearizabilityChecker.CheckEvents(RegisterModel.Instance, bad).Verdict);
    }

    [Fact]
    public void A_call_without_a_return_event_has_an_unknown_outcome()
    {
        var events = new[]
        {
            HistoryEvent.Call<RegisterInput, RegisterOutput>(0, 7, RegisterInput.Write(1)),
            HistoryEvent.Call<RegisterInput, RegisterOutput>(1, 8, RegisterInput.Read()),
            HistoryEvent.Return<RegisterInput, RegisterOutput>(1, 8, RegisterOutput.ReadValue(1)),
        };

        var history = History.FromEvents(events);

        Assert.Equal(2, history.Count);
        Assert.False(history[0].IsOutcomeKnown);
        Assert.Equal((1L, 2L), (history[1].CallTime, history[1].ReturnTime));
        Assert.True(LinearizabilityChecker.Check(RegisterModel.Instance, history).IsLinearizable);
    }

    [Fact]
    public void Malformed_events_are_rejected()
    {
        var orphan = new[] { HistoryEvent.Return<RegisterInput, RegisterOutput>(0, 3, RegisterOutput.Written) };
        var twice = new[]
        {
            HistoryEvent.Call<RegisterInput, RegisterOutput>(0, 3, RegisterInput.Read()),
            HistoryEvent.Call<RegisterInput, RegisterOutput>(0, 3, RegisterInput.Read()),
        };

        Assert.Contains("not been called", Assert.Throws<ArgumentException>(() => History.FromEvents(orphan)).Message);
        Assert.Contains("again", Assert.Throws<ArgumentException>(() => History.FromEvents(twice)).Message);
    }

    [Fact]
    public void A_search_that_runs_out_of_time_is_unknown()
    {
        var result = LinearizabilityChecker.Check(SumModel.Instance, SumModel.Unsolvable(), TimeSpan.FromMilliseconds(200));

        output.WriteLine(result.ToString());
        Assert.Equal(LinearizabilityVerdict.Unknown, result.Verdict);
        Assert.Equal([string.Empty], result.UndecidedPartitions);
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_cancelled_search_is_unknown()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var result = LinearizabilityChecker.Check(SumModel.Instance, SumModel.Unsolvable(), cancellationToken: cancellation.Token);

        Assert.Equal(LinearizabilityVerdict.Unknown, result.Verdict);
    }

    [Fact]
    public void A_violation_in_one_partition_stops_the_others()
    {
        // Partition "hard" cannot be decided in reasonable time; partition "bad" fails at once.
        var history = SumModel.Unsolvable("hard").ToList();
        history.Add(Operation.Completed(0, new SumInput("bad", 0), 0, 5L, 1));

        var result = LinearizabilityChecker.Check(SumModel.Instance, history, TimeSpan.FromSeconds(30));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
        Assert.Equal("bad", Assert.Single(result.Violations).PartitionKey);
        Assert.Empty(result.UndecidedPartitions);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(10), $"took {result.Elapsed}");
    }

    [Fact]
    public void A_long_prefix_is_shortened_in_the_report()
    {
        var history = new List<Operation<KvInput, KvOutput>>();
        for (var i = 0; i < 30; i++)
        {
            history.Add(Operation.Completed<KvInput, KvOutput>(0, new KvSet("x", i), 10 * i, new KvWritten(i + 1), 10 * i + 5));
        }

        history.Add(Operation.Completed<KvInput, KvOutput>(1, new KvGet("x"), 400, KvMissing.Instance, 405));

        var result = LinearizabilityChecker.Check(KvModel.Instance, history);
        var report = result.ToString();

        output.WriteLine(report);
        Assert.Contains("10 operations before", report);
        Assert.Contains("Then #30 client 1 [400..405] get(x) -> missing returned before it could take effect.", report);
        Assert.Contains("not allowed in 29 v30", report);
        Assert.Equal(30, Assert.Single(result.Violations).LongestPrefix.Count);
    }

    [Fact]
    public void An_operation_the_state_has_moved_past_is_reported_as_such()
    {
        // The read reports version 4, but it starts after the thirtieth write has completed.
        var history = new List<Operation<KvInput, KvOutput>>();
        for (var i = 0; i < 30; i++)
        {
            history.Add(Operation.Completed<KvInput, KvOutput>(0, new KvSet("x", i), 10 * i, new KvWritten(i + 1), 10 * i + 5));
        }

        history.Add(Operation.Completed<KvInput, KvOutput>(1, new KvGet("x"), 400, new KvFound(3, 4), 405));

        var result = LinearizabilityChecker.Check(KvModel.Instance, history);

        output.WriteLine(result.ToString());
        var violation = Assert.Single(result.Violations);
        Assert.True(violation.BlockingOperationLeftBehind);
        Assert.Equal(30, violation.BlockingOperation.HistoryIndex);
        Assert.Contains("get(x) -> 3 v4 can no longer take effect", result.ToString());
    }

    /// <summary>Adds numbers to a sum per key; a read reports the sum. Its states never repeat, so it is hard to search.</summary>
    private sealed class SumModel : LinearizabilityModel<long, SumInput, long>
    {
        public static SumModel Instance { get; } = new();

        /// <summary>
        /// Forty concurrent additions of distinct powers of two with unknown outcomes, and a read of a sum no
        /// subset makes: every subset is a distinct state, so the search must try them all.
        /// </summary>
        public static IReadOnlyList<Operation<SumInput, long>> Unsolvable(string key = "")
        {
            var history = new List<Operation<SumInput, long>>();
            for (var i = 0; i < 40; i++)
            {
                history.Add(Operation.Unknown<SumInput, long>(i, new SumInput(key, 1L << i), 0));
            }

            history.Add(Operation.Completed(99, new SumInput(key, 0), 1, -1L, 2));
            return history;
        }

        public override long InitialState => 0;

        public override bool Step(long state, SumInput input, long output, out long next)
        {
            next = state + input.Add;
            return input.Add != 0 || output == state;
        }

        public override long StepWithUnknownOutput(long state, SumInput input) => state + input.Add;

        public override bool IsReadOnly(SumInput input) => input.Add == 0;

        public override string PartitionKey(SumInput input) => input.Key;
    }

    private sealed record SumInput(string Key, long Add);
}
