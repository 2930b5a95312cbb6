using System.Buffers;
using System.Text;
using Actors.Host.Resp.Protocol;

namespace Actors.Host.Tests.Resp;

public sealed class RespParserTests
{
    private static readonly RespLimits Limits = new() { MaxBulkBytes = 1024, MaxArguments = 8, MaxCommandBytes = 2048, MaxInlineBytes = 128 };

    [Fact]
    public void A_whole_array_of_bulk_strings_is_one_command()
    {
        var buffer = Sequence("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n");
        Assert.Equal(RespParseStatus.Complete, RespParser.TryParse(ref buffer, Limits, out var request, out _));
        Assert.Equal(["SET", "k", "hello"], Arguments(request!));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void A_frame_split_at_every_byte_parses_only_once_it_is_whole()
    {
        var frame = Encoding.ASCII.GetBytes("*2\r\n$3\r\nGET\r\n$10\r\nkey:{7}:ab\r\n");
        for (var cut = 0; cut < frame.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(frame, 0, cut);
            Assert.Equal(RespParseStatus.Incomplete, RespParser.TryParse(ref partial, Limits, out _, out _));
            Assert.Equal(cut, partial.Length);
        }

        // And across many buffer segments, one byte each.
        var segmented = Segmented(frame);
        Assert.Equal(RespParseStatus.Complete, RespParser.TryParse(ref segmented, Limits, out var request, out _));
        Assert.Equal(["GET", "key:{7}:ab"], Arguments(request!));
    }

    [Fact]
    public void Pipelined_commands_come_out_one_at_a_time_in_order()
    {
        var buffer = Sequence("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nPING inline\r\n*1\r\n$4\r\nPI");
        var names = new List<string>();
        while (RespParser.TryParse(ref buffer, Limits, out var request, out _) == RespParseStatus.Complete)
        {
            names.Add(string.Join(' ', Arguments(request!)));
        }

        Assert.Equal(["PING", "ECHO hi", "PING inline"], names);
        Assert.Equal("*1\r\n$4\r\nPI", Encoding.ASCII.GetString(buffer.ToArray()));
    }

    [Fact]
    public void A_bulk_string_over_the_limit_is_refused_from_its_header_before_its_bytes_arrive()
    {
        var buffer = Sequence("*2\r\n$3\r\nGET\r\n$1025\r\n");
        Assert.Equal(RespParseStatus.Malformed, RespParser.TryParse(ref buffer, Limits, out _, out var error));
        Assert.Contains("1,025 bytes", error);
        Assert.Contains("max-bulk-bytes", error);
    }

    [Fact]
    public void A_command_whose_arguments_together_pass_the_limit_is_refused()
    {
        var buffer = Sequence("*4\r\n$3\r\nSET\r\n$1000\r\n" + new string('a', 1000) + "\r\n$1000\r\n" + new string('b', 1000) + "\r\n$1000\r\n");
        Assert.Equal(RespParseStatus.Malformed, RespParser.TryParse(ref buffer, Limits, out _, out var error));
        Assert.Contains("max-command-bytes", error);
    }

    [Theory]
    [InlineData("*2\r\n$3\r\nGET\r\n$-1\r\n", "invalid bulk length -1")]
    [InlineData("*2\r\n$3\r\nGET\r\n$-5\r\n", "invalid bulk length -5")]
    [InlineData("*x\r\n", "invalid multibulk length")]
    [InlineData("*2\r\n$3\r\nGET\r\n:1\r\n", "expected '$'")]
    [InlineData("*1\r\n$3\r\nGETX\r\n", "not followed by CRLF")]
    [InlineData("*9\r\n", "9 arguments")]
    [InlineData("*1\r\n$99999999999999999999999\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$3 \r\nGET\r\n", "invalid bulk length")]
    public void Malformed_frames_are_refused_with_what_was_wrong(string frame, string expected)
    {
        var buffer = Sequence(frame);
        Assert.Equal(RespParseStatus.Malformed, RespParser.TryParse(ref buffer, Limits, out _, out var error));
        Assert.StartsWith("Protocol error:", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_header_that_never_ends_is_refused_rather_than_buffered()
    {
        var buffer = Sequence("*1\r\n$" + new string('1', 40));
        Assert.Equal(RespParseStatus.Malformed, RespParser.TryParse(ref buffer, Limits, out _, out _));
    }

    [Fact]
    public void Garbage_without_a_line_end_is_refused_past_the_inline_limit()
    {
        var garbage = new byte[200];
        new Random(7).NextBytes(garbage);
        garbage.AsSpan().Replace((byte)'\n', (byte)'x');
        garbage[0] = (byte)'g';
        var buffer = new ReadOnlySequence<byte>(garbage);
        Assert.Equal(RespParseStatus.Malformed, RespParser.TryParse(ref buffer, Limits, out _, out var error));
        Assert.Contains("max-inline-bytes", error);
    }

    [Fact]
    public void Garbage_on_a_line_is_an_inline_command_that_the_server_answers_as_unknown()
    {
        var buffer = Sequence("\x01\x02 garbage\r\n");
        Assert.Equal(RespParseStatus.Complete, RespParser.TryParse(ref buffer, Limits, out var request, out _));
        Assert.Equal(2, request!.Count);
    }

    [Fact]
    public void Empty_arrays_and_blank_lines_are_skipped()
    {
        var buffer = Sequence("*0\r\n*-1\r\n\r\n   \r\n*1\r\n$4\r\nPING\r\n");
        Assert.Equal(RespParseStatus.Complete, RespParser.TryParse(ref buffer, Limits, out var request, out _));
        Assert.Equal(["PING"], Arguments(request!));
    }

    [Fact]
    public void Binary_values_keep_every_byte()
    {
        var value = new byte[] { 0, 13, 10, 255, 42 };
        var frame = Encoding.ASCII.GetBytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\n").Concat(value).Concat("\r\n"u8.ToArray()).ToArray();
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.Equal(RespParseStatus.Complete, RespParser.TryParse(ref buffer, Limits, out var request, out _));
        Assert.Equal(value, request![2].ToArray());
    }

    private static ReadOnlySequence<byte> Sequence(string text) => new(Encoding.Latin1.GetBytes(text));

    private static string[] Arguments(RespRequest request) => [.. Enumerable.Range(0, request.Count).Select(request.Text)];

    private static ReadOnlySequence<byte> Segmented(byte[] bytes)
    {
        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
