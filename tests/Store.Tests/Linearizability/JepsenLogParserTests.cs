using Actors.Store.Linearizability;

namespace Actors.Store.Tests.Linearizability;

public sealed class JepsenLogParserTests
{
    private static IReadOnlyList<Operation<RegisterInput, RegisterOutput>> Parse(params string[] lines) =>
        JepsenLogParser.Parse(new StringReader(string.Join('\n', lines)), "test.log");

    private static JepsenLogFormatException ParseError(params string[] lines) =>
        Assert.Throws<JepsenLogFormatException>(() => Parse(lines));

    [Fact]
    public void Reads_invocations_and_completions_separated_by_tabs_or_spaces()
    {
        var history = Parse(
            "INFO  jepsen.util - 0\t:invoke\t:write\t3",
            "INFO  jepsen.util - 1   :invoke :read   nil",
            "INFO  jepsen.util - 0\t:ok\t:write\t3",
            "INFO  jepsen.util - 1   :ok     :read   3",
            "INFO  jepsen.util - 2\t:invoke\t:cas\t[3 4]",
            "INFO  jepsen.util - 2\t:ok\t:cas\t[3 4]",
            "INFO  jepsen.util - 3\t:invoke\t:cas\t[1 2]",
            "INFO  jepsen.util - 3\t:fail\t:cas\t[1 2]",
            "INFO  jepsen.util - 4\t:invoke\t:read\tnil",
            "INFO  jepsen.util - 4\t:ok\t:read\tnil");

        Assert.Equal(
            [
                Operation.Completed(0, RegisterInput.Write(3), 1, RegisterOutput.Written, 3),
                Operation.Completed(1, RegisterInput.Read(), 2, RegisterOutput.ReadValue(3), 4),
                Operation.Completed(2, RegisterInput.CompareAndSet(3, 4), 5, RegisterOutput.CompareAndSetResult(true), 6),
                Operation.Completed(3, RegisterInput.CompareAndSet(1, 2), 7, RegisterOutput.CompareAndSetResult(false), 8),
                Operation.Completed(4, RegisterInput.Read(), 9, RegisterOutput.ReadValue(null), 10),
            ],
            history);
    }

    [Fact]
    public void Info_and_timed_out_operations_have_unknown_outcomes_and_free_the_process()
    {
        var history = Parse(
            "INFO  jepsen.util - 0\t:invoke\t:write\t1",
            "INFO  jepsen.util - 0\t:info\t:write\t:timed-out",
            "INFO  jepsen.util - 0\t:invoke\t:read\tnil",
            "INFO  jepsen.util - 0\t:fail\t:read\t:timed-out",
            "INFO  jepsen.util - 0\t:invoke\t:cas\t[1 2]");

        Assert.Equal(3, history.Count);
        Assert.All(history, o => Assert.False(o.IsOutcomeKnown));
        Assert.Equal([1L, 3L, 5L], history.Select(o => o.CallTime));
    }

    [Fact]
    public void A_definite_failure_of_a_write_or_read_did_not_happen()
    {
        var history = Parse(
            "INFO  jepsen.util - 0\t:invoke\t:write\t1",
            "INFO  jepsen.util - 0\t:fail\t:write\t1",
            "INFO  jepsen.util - 1\t:invoke\t:read\tnil",
            "INFO  jepsen.util - 1\t:fail\t:read\tnil");

        Assert.Empty(history);
    }

    [Fact]
    public void Other_lines_are_skipped()
    {
        var history = Parse(
            "",
            "INFO  jepsen.core - Running test",
            "INFO  jepsen.util - :nemesis\t:info\t:start\tnil",
            "INFO  jepsen.util - 0\t:invoke\t:read\tnil",
            "INFO  jepsen.util - 0\t:ok\t:read\t2");

        Assert.Single(history);
    }

    [Fact]
    public void A_malformed_line_is_reported_with_file_line_and_what_was_expected()
    {
        var error = ParseError(
            "INFO  jepsen.util - 0\t:invoke\t:read\tnil",
            "INFO  jepsen.util - 0\t:done\t:read\t2");

        Assert.Equal("test.log", error.Source);
        Assert.Equal(2, error.LineNumber);
        Assert.StartsWith("test.log:2: expected ':invoke', ':ok', ':fail' or ':info', found ':done'.", error.Message);
        Assert.Contains("0\t:done\t:read\t2", error.Message);
    }

    [Theory]
    [InlineData("INFO  jepsen.util - x\t:invoke\t:read\tnil", "expected a process number, found 'x'.")]
    [InlineData("INFO  jepsen.util - 0\t:invoke\t:append\t1", "expected ':read', ':write' or ':cas', found ':append'.")]
    [InlineData("INFO  jepsen.util - 0\t:invoke\t:write\tabc", "expected a number as the value of :write, found 'abc'.")]
    [InlineData("INFO  jepsen.util - 0\t:invoke\t:cas\t[1]", "expected '[<expected> <new>]' as the argument of :cas, found '[1]'.")]
    [InlineData("INFO  jepsen.util - 0\t:invoke\t:read\t1", "expected 'nil' as the argument of :read, found '1'.")]
    [InlineData("INFO  jepsen.util - 0\t:invoke", "expected '<process> <:invoke|:ok|:fail|:info> <:read|:write|:cas> <value>' after 'jepsen.util -'.")]
    [InlineData("INFO  jepsen.util - 0\t:ok\t:read\t1", "process 0 completes a :read it never invoked (or already completed).")]
    public void Malformed_lines_say_what_is_wrong(string line, string problem)
    {
        var error = ParseError(line);

        Assert.Equal(1, error.LineNumber);
        Assert.Equal(problem, error.Problem);
    }

    [Fact]
    public void Inconsistent_completions_are_reported()
    {
        Assert.Equal(
            "process 0 completes a :write, but it invoked a :read at line 1.",
            ParseError("INFO  jepsen.util - 0\t:invoke\t:read\tnil", "INFO  jepsen.util - 0\t:ok\t:write\t1").Problem);
        Assert.Equal(
            "the completion's arguments '[1 3]' differ from those invoked at line 1 (cas(1, 2)).",
            ParseError("INFO  jepsen.util - 0\t:invoke\t:cas\t[1 2]", "INFO  jepsen.util - 0\t:ok\t:cas\t[1 3]").Problem);
        Assert.Equal(
            "process 0 invokes a new operation while its :read from line 1 is still open.",
            ParseError("INFO  jepsen.util - 0\t:invoke\t:read\tnil", "INFO  jepsen.util - 0\t:invoke\t:read\tnil").Problem);
    }

    [Fact]
    public void An_operation_still_open_at_the_end_has_an_unknown_outcome()
    {
        var history = Parse("INFO  jepsen.util - 5\t:invoke\t:write\t2");

        var operation = Assert.Single(history);
        Assert.False(operation.IsOutcomeKnown);
        Assert.Equal(5, operation.ClientId);
    }
}
