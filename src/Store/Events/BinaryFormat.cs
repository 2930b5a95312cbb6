using System.Buffers;
using System.Text;

namespace Actors.Store.Events;

/// <summary>
/// The primitives of the store's binary formats: unsigned LEB128 varints, length-prefixed UTF-8 strings and byte
/// strings. Small numbers (versions, lengths) take one or two bytes, which is most of what a journal holds.
/// </summary>
internal static class BinaryFormat
{
    public static void WriteVarint(IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        writer.Advance(i);
    }

    public static void WriteVarint(IBufferWriter<byte> writer, long value)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only non-negative numbers are stored as varints.");
        }

        WriteVarint(writer, (ulong)value);
    }

    public static void WriteString(IBufferWriter<byte> writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarint(writer, (ulong)length);
        var span = writer.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        writer.Advance(length);
    }

    public static void WriteBytes(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        WriteVarint(writer, (ulong)value.Length);
        writer.Write(value);
    }

    /// <summary>Reads the formats back, failing with a clear message on truncated or malformed input.</summary>
    public ref struct Reader(ReadOnlySpan<byte> data, string what)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool AtEnd => _position == _data.Length;

        public ulong ReadVarint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position >= _data.Length)
                {
                    throw Malformed("truncated number");
                }

                var b = _data[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw Malformed("a number longer than 10 bytes");
        }

        public long ReadInt64()
        {
            var value = ReadVarint();
            return value <= long.MaxValue ? (long)value : throw Malformed("a number out of range");
        }

        public int ReadLength()
        {
            var value = ReadVarint();
            return value <= (ulong)(_data.Length - _position) ? (int)value : throw Malformed($"a length of {value} bytes with only {_data.Length - _position} left");
        }

        public string ReadString()
        {
            var length = ReadLength();
            try
            {
                var text = StrictUtf8.GetString(_data.Slice(_position, length));
                _position += length;
                return text;
            }
            catch (DecoderFallbackException)
            {
                throw Malformed("a string that is not valid UTF-8");
            }
        }

        public byte[] ReadBytes()
        {
            var length = ReadLength();
            var bytes = _data.Slice(_position, length).ToArray();
            _position += length;
            return bytes;
        }

        public byte ReadByte() => _position < _data.Length ? _data[_position++] : throw Malformed("truncated data");

        public readonly void ExpectEnd()
        {
            if (!AtEnd)
            {
                throw Malformed($"{_data.Length - _position} unexpected trailing bytes");
            }
        }

        private readonly InvalidDataException Malformed(string problem) =>
            new($"{what} is malformed at byte {_position}: {problem}. The data may be corrupt.");
    }

    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
