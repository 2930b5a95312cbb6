using Actors.Store.Linearizability;
using Xunit.Abstractions;
using static Actors.Store.Tests.Linearizability.KvHistories;

namespace Actors.Store.Tests.Linearizability;

/// <summary>
/// Values that are not integers, worked out by hand: an increment of one fails with <see cref="KvNotAnInteger"/> and
/// changes nothing (not even the version), an increment of an integer never fails, and a read tells the two apart.
/// </summary>
public sealed class KvNotAnIntegerTests(ITestOutputHelper output)
{
    [Fact]
    public void An_increment_of_a_text_fails_and_leaves_value_and_version_alone()
    {
        var result = Check(
            Op(1, 0, 10, new KvSetText("x", 7), new KvWritten(1)),
            Op(1, 20, 30, new KvIncrement("x", 1), KvNotAnInteger.Instance),
            Op(2, 40, 50, new KvGet("x"), new KvFoundText(7, 1)),
            Op(2, 60, 70, new KvSet("x", 5), new KvWritten(2)),
            Op(1, 80, 90, new KvIncrement("x", 1), new KvIncremented(6, 3)));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void An_increment_that_fails_on_an_integer_is_not_linearizable()
    {
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 5), new KvWritten(1)),
            Op(2, 20, 30, new KvIncrement("x", 1), KvNotAnInteger.Instance));

        output.WriteLine(result.ToString());
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
        Assert.Contains("increment(x, 1) -> not an integer", result.ToString());
    }

    [Fact]
    public void An_increment_of_a_missing_key_cannot_fail()
    {
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, Check(
            Op(1, 0, 10, new KvIncrement("x", 1), KvNotAnInteger.Instance)).Verdict);

        // Deleting the text makes the key count as 0 again.
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, Check(
            Op(1, 0, 10, new KvSetText("x", 7), new KvWritten(1)),
            Op(1, 20, 30, new KvDelete("x"), new KvDeleted(true)),
            Op(2, 40, 50, new KvIncrement("x", 1), KvNotAnInteger.Instance)).Verdict);
        Assert.Equal(LinearizabilityVerdict.Linearizable, Check(
            Op(1, 0, 10, new KvSetText("x", 7), new KvWritten(1)),
            Op(1, 20, 30, new KvDelete("x"), new KvDeleted(true)),
            Op(2, 40, 50, new KvIncrement("x", 1), new KvIncremented(1, 3))).Verdict);
    }

    [Theory]
    [InlineData(1L, 2L)] // as if the text were 0 (or 1), version 2
    [InlineData(8L, 2L)] // as if the tag were the value
    [InlineData(8L, null)] // without a version, the value alone must still be refused
    public void An_increment_that_succeeds_on_a_text_is_not_linearizable(long value, long? version)
    {
        var result = Check(
            Op(1, 0, 10, new KvSetText("x", 7), new KvWritten(1)),
            Op(2, 20, 30, new KvIncrement("x", 1), new KvIncremented(value, version)));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void A_failed_increment_that_moved_the_version_shows_in_the_next_write()
    {
        // The increment failed, yet the next write reports v3 as if the failure had counted as a change.
        var result = Check(
            Op(1, 0, 10, new KvSetText("x", 7), new KvWritten(1)),
            Op(2, 20, 30, new KvIncrement("x", 1), KvNotAnInteger.Instance),
            Op(1, 40, 50, new KvSet("x", 9), new KvWritten(3)));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void A_failed_increment_that_changed_the_value_shows_in_a_later_read()
    {
        var result = Check(
            Op(1, 0, 10, new KvSetText("x", 7), new KvWritten(1)),
            Op(2, 20, 30, new KvIncrement("x", 1), KvNotAnInteger.Instance),
            Op(1, 40, 50, new KvGet("x"), new KvFound(1, 2)));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void An_increment_concurrent_with_a_text_write_may_fail_or_succeed()
    {
        // Both overlap the text write: one took effect before it, the other after.
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(2, 20, 100, new KvSetText("x", 7), new KvWritten(3)),
            Op(3, 30, 90, new KvIncrement("x", 1), new KvIncremented(2, 2)),
            Op(4, 30, 90, new KvIncrement("x", 1), KvNotAnInteger.Instance),
            Op(3, 110, 120, new KvGet("x"), new KvFoundText(7, 3)));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void A_failed_increment_cannot_precede_the_text_write_it_saw()
    {
        // The increment returned before the text write was even called: it saw the integer, so it cannot have failed.
        var result = Check(
            Op(1, 0, 10, new KvSet("x", 1), new KvWritten(1)),
            Op(2, 20, 30, new KvIncrement("x", 1), KvNotAnInteger.Instance),
            Op(3, 40, 50, new KvSetText("x", 7), new KvWritten(2)));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void A_read_tells_a_text_from_an_integer()
    {
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, Check(
            Op(1, 0, 10, new KvSetText("x", 7), new KvWritten(1)),
            Op(2, 20, 30, new KvGet("x"), new KvFound(7, 1))).Verdict);
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, Check(
            Op(1, 0, 10, new KvSet("x", 7), new KvWritten(1)),
            Op(2, 20, 30, new KvGet("x"), new KvFoundText(7, 1))).Verdict);
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, Check(
            Op(1, 0, 10, new KvSetText("x", 7), new KvWritten(1)),
            Op(2, 20, 30, new KvGet("x"), new KvFoundText(8, 1))).Verdict);
    }

    [Fact]
    public void A_compare_and_set_replaces_a_text_with_an_integer_that_can_be_incremented()
    {
        var result = Check(
            Op(1, 0, 10, new KvSetText("x", 7), new KvWritten(1)),
            Op(1, 20, 30, new KvCompareAndSet("x", 1, 40), new KvWritten(2)),
            Op(2, 40, 50, new KvIncrement("x", 2), new KvIncremented(42, 3)));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void An_increment_that_would_overflow_fails_like_a_text()
    {
        Assert.Equal(LinearizabilityVerdict.Linearizable, Check(
            Op(1, 0, 10, new KvSet("x", long.MaxValue), new KvWritten(1)),
            Op(2, 20, 30, new KvIncrement("x", 1), KvNotAnInteger.Instance),
            Op(2, 40, 50, new KvIncrement("x", -1), new KvIncremented(long.MaxValue - 1, 2))).Verdict);
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, Check(
            Op(1, 0, 10, new KvSet("x", long.MaxValue), new KvWritten(1)),
            Op(2, 20, 30, new KvIncrement("x", 1), new KvIncremented(long.MinValue, 2))).Verdict);
    }

    [Fact]
    public void An_increment_of_unknown_outcome_on_a_text_changes_nothing()
    {
        var result = Check(
            Op(1, 0, 10, new KvSetText("x", 7), new KvWritten(1)),
            Info(2, 20, new KvIncrement("x", 1)),
            Op(3, 40, 50, new KvGet("x"), new KvFoundText(7, 1)),
            Op(3, 60, 70, new KvSet("x", 3), new KvWritten(2)));

        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
    }

    [Fact]
    public void Outputs_that_cannot_answer_their_input_are_rejected_up_front()
    {
        Assert.Throws<ArgumentException>(() => Check(Op(1, 0, 10, new KvGet("x"), KvNotAnInteger.Instance)));
        Assert.Throws<ArgumentException>(() => Check(Op(1, 0, 10, new KvIncrement("x", 1), new KvFoundText(1, 1))));
        Assert.Throws<ArgumentException>(() => Check(Op(1, 0, 10, new KvSetText("x", 1), KvNotAnInteger.Instance)));
    }
}
