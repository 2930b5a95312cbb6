using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Actors.Host.Resp.Protocol;

/// <summary>Encodes <see cref="RespReply"/> values into RESP2 or RESP3 bytes.</summary>
public static class RespReplyWriter
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    /// <summary>Writes <paramref name="reply"/> for a connection speaking protocol <paramref name="protocol"/> (2 or 3).</summary>
    public static void Write(IBufferWriter<byte> output, in RespReply reply, int protocol)
    {
        switch (reply.Kind)
        {
            case RespReplyKind.Simple:
                WriteLine(output, (byte)'+', reply.Text!);
                break;
            case RespReplyKind.Error:
                WriteLine(output, (byte)'-', reply.Text!);
                break;
            case RespReplyKind.Integer:
                WriteHeader(output, (byte)':', reply.Integer);
                break;
            case RespReplyKind.Bulk:
                WriteHeader(output, (byte)'$', reply.Bulk.Length);
                output.Write(reply.Bulk.Span);
                output.Write(Crlf);
                break;
            case RespReplyKind.Null:
                output.Write(protocol >= 3 ? "_\r\n"u8 : "$-1\r\n"u8);
                break;
            case RespReplyKind.NullArray:
                output.Write(protocol >= 3 ? "_\r\n"u8 : "*-1\r\n"u8);
                break;
            case RespReplyKind.Array:
                WriteItems(output, (byte)'*', reply.Items!.Count, reply.Items, protocol);
                break;
            case RespReplyKind.Map:
                if (protocol >= 3)
                {
                    WriteItems(output, (byte)'%', reply.Items!.Count / 2, reply.Items, protocol);
                }
                else
                {
                    WriteItems(output, (byte)'*', reply.Items!.Count, reply.Items, protocol);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(reply), reply.Kind, "Unknown reply kind.");
        }
    }

    private static void WriteItems(IBufferWriter<byte> output, byte marker, int count, IReadOnlyList<RespReply> items, int protocol)
    {
        WriteHeader(output, marker, count);
        foreach (var item in items)
        {
            Write(output, item, protocol);
        }
    }

    private static void WriteHeader(IBufferWriter<byte> output, byte marker, long value)
    {
        var span = output.GetSpan(24);
        span[0] = marker;
        Utf8Formatter.TryFormat(value, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        output.Advance(3 + written);
    }

    private static void WriteLine(IBufferWriter<byte> output, byte marker, string text)
    {
        // A simple string or error is one line: a line break inside would end it early and desynchronise the client.
        var safe = text.Contains('\r') || text.Contains('\n') ? text.Replace('\r', ' ').Replace('\n', ' ') : text;
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(safe.Length) + 3);
        span[0] = marker;
        var written = Encoding.UTF8.GetBytes(safe, span[1..]);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        output.Advance(3 + written);
    }
}
