using System.Buffers;
using System.Text;
using Actors.Host.Resp.Protocol;

namespace Actors.Host.Tests.Resp;

public sealed class RespReplyWriterTests
{
    [Theory]
    [InlineData(2, "$-1\r\n")]
    [InlineData(3, "_\r\n")]
    public void A_missing_value_is_encoded_per_protocol(int protocol, string expected) =>
        Assert.Equal(expected, Encode(RespReply.Null, protocol));

    [Fact]
    public void A_map_is_a_map_in_resp3_and_a_flat_array_in_resp2()
    {
        var map = RespReply.Map([RespReply.BulkText("proto"), RespReply.Integer64(3)]);
        Assert.Equal("%1\r\n$5\r\nproto\r\n:3\r\n", Encode(map, 3));
        Assert.Equal("*2\r\n$5\r\nproto\r\n:3\r\n", Encode(map, 2));
    }

    [Fact]
    public void An_error_with_a_line_break_stays_on_one_line()
    {
        Assert.Equal("-ERR a b\r\n", Encode(RespReply.Error("ERR a\nb"), 2));
    }

    private static string Encode(RespReply reply, int protocol)
    {
        var buffer = new ArrayBufferWriter<byte>();
        RespReplyWriter.Write(buffer, reply, protocol);
        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }
}
