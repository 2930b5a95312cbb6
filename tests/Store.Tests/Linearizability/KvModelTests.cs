using Actors.Store.Linearizability;
using Xunit.Abstractions;
using static Actors.Store.Tests.Linearizability.KvHistories;

namespace Actors.Store.Tests.Linearizability;

/// <summary>Small key-value histories whose verdicts can be worked out by hand.</summary>
public sealed class KvModelTests(ITestOutputHelper output)
{
    [Fact]
    public void Sequential_history_is_linearizable()
    {
        var result = Check(
            Op(1, 0, 10, new KvGet("x"), KvMissing.Instance),
            Op(1, 20, 30, new KvSet("x", 5), new KvWritten(1)),
            Op(2, 40, 50, new KvGet("x"), new KvFound(5, 1)),
            Op(2, 60, 70, new KvIncrement("x", 3), new KvIncremented(8, 2)),
            Op(1, 80, 90, new KvCompareAndSet("x", 2, 20), new KvWritten(3)),
            Op(1, 100, 110, new KvDelete("x"), new KvDeleted(true)),
            Op(2, 120, 130, new KvDelete("x"), new KvDeleted(false)));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void Stale_read_after_a_completed_write_is_not_linearizable()
    {
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(1, 20, 30, new KvSet("x", 2), new KvWritten(2)),
            Op(2, 40, 50, new KvGet("x"), new KvFound(1, 1)));

        output.WriteLine(result.ToString());
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
        var violation = Assert.Single(result.Violations);
        Assert.Equal("x", violation.PartitionKey);
        Assert.Equal(2, violation.BlockingOperation.HistoryIndex);
        Assert.Equal([0, 1], violation.LongestPrefix.Select(s => s.Operation.HistoryIndex));
        Assert.Equal("2 v2", violation.StateAfterPrefix);
    }

    [Fact]
    public void A_later_read_cannot_go_back_to_an_overwritten_value()
    {
        // The reader overlaps neither write, and sees the first value after the second write completed.
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(2, 5, 15, new KvGet("x"), new KvFound(1, 1)),
            Op(1, 20, 30, new KvSet("x", 2), new KvWritten(2)),
            Op(3, 35, 45, new KvGet("x"), new KvFound(1, 1)));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void Concurrent_writes_may_be_seen_in_either_order_while_they_overlap()
    {
        // Both writes span [0, 100]; one reader sees the first, a later one the second.
        var result = Check(
            Op(1, 0, 100, new KvSet("x", 1), new KvWritten(1)),
            Op(2, 0, 100, new KvSet("x", 2), new KvWritten(2)),
            Op(3, 10, 50, new KvGet("x"), new KvFound(1, 1)),
            Op(4, 60, 90, new KvGet("x"), new KvFound(2, 2)),
            Op(3, 110, 120, new KvGet("x"), new KvFound(2, 2)));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(2L)]
    public void Concurrent_writes_may_take_effect_in_either_order(long last)
    {
        var first = 3 - last;
        var result = Check(
            Op(1, 0, 100, new KvSet("x", 1), new KvWritten(last == 1 ? 2 : 1)),
            Op(2, 0, 100, new KvSet("x", 2), new KvWritten(last == 2 ? 2 : 1)),
            Op(3, 10, 20, new KvGet("x"), new KvFound(first, 1)),
            Op(3, 110, 120, new KvGet("x"), new KvFound(last, 2)));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void Readers_that_disagree_on_the_order_of_completed_writes_are_not_linearizable()
    {
        // After both writes completed, one reader sees 1 then another (later) sees 2, then 1 again.
        var result = Check(
            Op(1, 0, 100, new KvSet("x", 1), new KvWritten(1)),
            Op(2, 0, 100, new KvSet("x", 2), new KvWritten(2)),
            Op(3, 110, 120, new KvGet("x"), new KvFound(2, 2)),
            Op(4, 130, 140, new KvGet("x"), new KvFound(1, 1)));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void Two_compare_and_sets_on_the_same_version_cannot_both_succeed()
    {
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(2, 20, 40, new KvCompareAndSet("x", 1, 2), new KvWritten(2)),
            Op(3, 20, 40, new KvCompareAndSet("x", 1, 3), new KvWritten(2)));

        output.WriteLine(result.ToString());
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void Second_compare_and_set_on_a_consumed_version_cannot_succeed_even_with_a_fresh_version()
    {
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(2, 20, 40, new KvCompareAndSet("x", 1, 2), new KvWritten(2)),
            Op(3, 20, 40, new KvCompareAndSet("x", 1, 3), new KvWritten(3)));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void Racing_compare_and_sets_where_one_wins_are_linearizable()
    {
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(2, 20, 40, new KvCompareAndSet("x", 1, 2), KvVersionMismatch.Instance),
            Op(3, 20, 40, new KvCompareAndSet("x", 1, 3), new KvWritten(2)),
            Op(2, 50, 60, new KvGet("x"), new KvFound(3, 2)));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void Compare_and_set_with_version_zero_creates_only_a_missing_key()
    {
        Assert.True(Check(
            Op(1, 0, 10, new KvCompareAndSet("x", 0, 7), new KvWritten(1)),
            Op(1, 20, 30, new KvCompareAndSet("x", 0, 8), KvVersionMismatch.Instance)).IsLinearizable);

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(1, 20, 30, new KvCompareAndSet("x", 0, 8), new KvWritten(2))).Verdict);
    }

    [Fact]
    public void Lost_increment_is_not_linearizable()
    {
        // Two overlapping increments by 1 both report 1: one of them was lost.
        var result = Check(
            Op(1, 0, 10, new KvIncrement("n", 1), new KvIncremented(1)),
            Op(2, 5, 15, new KvIncrement("n", 1), new KvIncremented(1)));

        output.WriteLine(result.ToString());
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void Lost_increment_seen_by_a_later_read_is_not_linearizable()
    {
        var result = Check(
            Op(1, 0, 10, new KvIncrement("n", 1), new KvIncremented(1, 1)),
            Op(2, 5, 15, new KvIncrement("n", 1), new KvIncremented(2, 2)),
            Op(3, 20, 30, new KvGet("n"), new KvFound(1, 2)));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void Concurrent_increments_are_linearizable_in_any_order()
    {
        var result = Check(
            Op(1, 0, 50, new KvIncrement("n", 1), new KvIncremented(3, 2)),
            Op(2, 0, 50, new KvIncrement("n", 2), new KvIncremented(2, 1)),
            Op(3, 0, 50, new KvIncrement("n", 10), new KvIncremented(13, 3)),
            Op(1, 60, 70, new KvGet("n"), new KvFound(13, 3)));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void A_read_may_observe_a_write_whose_outcome_is_unknown()
    {
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Info(2, 20, new KvSet("x", 2)),
            Op(3, 30, 40, new KvGet("x"), new KvFound(2, 2)),
            Op(3, 50, 60, new KvGet("x"), new KvFound(2, 2)));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void A_write_whose_outcome_is_unknown_may_never_take_effect()
    {
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Info(2, 20, new KvSet("x", 2)),
            Op(3, 30, 40, new KvGet("x"), new KvFound(1, 1)),
            Op(3, 1000, 1010, new KvGet("x"), new KvFound(1, 1)));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void A_write_whose_outcome_is_unknown_cannot_be_undone_once_observed()
    {
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Info(2, 20, new KvSet("x", 2)),
            Op(3, 30, 40, new KvGet("x"), new KvFound(2, 2)),
            Op(3, 50, 60, new KvGet("x"), new KvFound(1, 1)));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void A_write_whose_outcome_is_unknown_cannot_take_effect_before_its_call()
    {
        var result = Check(
            Op(3, 0, 10, new KvGet("x"), new KvFound(2, 1)),
            Info(2, 20, new KvSet("x", 2)));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void A_deleted_key_reads_as_missing()
    {
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(1, 20, 30, new KvDelete("x"), new KvDeleted(true)),
            Op(2, 40, 50, new KvGet("x"), KvMissing.Instance));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void Reading_a_deleted_key_after_the_delete_completed_is_not_linearizable()
    {
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(1, 20, 30, new KvDelete("x"), new KvDeleted(true)),
            Op(2, 40, 50, new KvGet("x"), new KvFound(1, 1)));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void A_read_concurrent_with_a_delete_may_see_the_key_or_not()
    {
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(1, 20, 60, new KvDelete("x"), new KvDeleted(true)),
            Op(2, 30, 40, new KvGet("x"), new KvFound(1, 1)),
            Op(3, 30, 50, new KvGet("x"), KvMissing.Instance));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void A_re_created_key_continues_after_the_tombstone_version()
    {
        var good = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(1, 20, 30, new KvDelete("x"), new KvDeleted(true)),
            Op(1, 40, 50, new KvSet("x", 5), new KvWritten(3)),
            Op(2, 60, 70, new KvGet("x"), new KvFound(5, 3)));
        Assert.Equal(LinearizabilityVerdict.Linearizable, good.Verdict);

        var reused = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(1, 20, 30, new KvDelete("x"), new KvDeleted(true)),
            Op(1, 40, 50, new KvSet("x", 5), new KvWritten(2)));
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, reused.Verdict);
    }

    [Fact]
    public void A_compare_and_set_against_a_version_from_before_a_delete_fails()
    {
        Assert.True(Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(1, 20, 30, new KvDelete("x"), new KvDeleted(true)),
            Op(1, 40, 50, new KvCompareAndSet("x", 1, 7), KvVersionMismatch.Instance),
            Op(1, 60, 70, new KvCompareAndSet("x", 0, 8), new KvWritten(3))).IsLinearizable);

        Assert.False(Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(1, 20, 30, new KvDelete("x"), new KvDeleted(true)),
            Op(1, 40, 50, new KvCompareAndSet("x", 1, 7), new KvWritten(3))).IsLinearizable);
    }

    [Fact]
    public void Deleting_twice_finds_the_key_only_once()
    {
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(1, 20, 40, new KvDelete("x"), new KvDeleted(true)),
            Op(2, 20, 40, new KvDelete("x"), new KvDeleted(true)));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void One_bad_key_among_good_ones_makes_the_history_not_linearizable_and_is_named()
    {
        var history = new List<Operation<KvInput, KvOutput>>();
        foreach (var key in new[] { "a", "b", "c", "d", "e" })
        {
            history.Add(Op(1, 0, 10, new KvSet(key, 1), new KvWritten(1)));
            history.Add(Op(2, 5, 25, new KvSet(key, 2), new KvWritten(2)));
            history.Add(Op(3, 30, 40, new KvGet(key), key == "c" ? new KvFound(1, 1) : new KvFound(2, 2)));
        }

        var result = LinearizabilityChecker.Check(KvModel.Instance, history);

        output.WriteLine(result.ToString());
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
        Assert.Equal(5, result.PartitionCount);
        var violation = Assert.Single(result.Violations);
        Assert.Equal("c", violation.PartitionKey);
        Assert.Equal(8, violation.BlockingOperation.HistoryIndex);
        Assert.Contains("partition \"c\"", result.ToString());
        Assert.Contains("get(c) -> 1 v1", result.ToString());
    }

    [Fact]
    public void Keys_are_independent()
    {
        // Per key each history is fine; read together as one register it would not be.
        var result = Check(
            Op(1, 0, 10, new KvSet("a", 1), new KvWritten(1)),
            Op(1, 20, 30, new KvSet("b", 2), new KvWritten(1)),
            Op(2, 40, 50, new KvGet("a"), new KvFound(1, 1)));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
        Assert.Equal(2, result.PartitionCount);
    }

    [Fact]
    public void Operations_touching_at_one_instant_count_as_concurrent()
    {
        // The read is called at the very tick the write returns, so it may still precede the write.
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(2, 10, 20, new KvGet("x"), KvMissing.Instance));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void Empty_history_is_linearizable()
    {
        var result = Check();

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
        Assert.Equal(0, result.PartitionCount);
    }

    [Fact]
    public void An_output_that_cannot_answer_its_input_is_rejected_up_front()
    {
        var error = Assert.Throws<ArgumentException>(() => Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(7, 20, 30, new KvGet("x"), new KvWritten(1))));

        Assert.Contains("Operation 1 (client 7)", error.Message);
        Assert.Contains("get(x)", error.Message);
    }

    [Fact]
    public void An_operation_that_returns_before_its_call_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Check(Op(1, 10, 5, new KvGet("x"), KvMissing.Instance)));

        Assert.Contains("Operation 0", error.Message);
    }
}
