using System.Buffers.Binary;

namespace Actors.Store.Load;

/// <summary>
/// The first 12 bytes of every value the load generator writes: a write id (writer and sequence, unique per
/// run) and the index of the key it was written to. Verification reads them back to tell which write a key
/// holds, and whether a value ended up under the wrong key.
/// </summary>
internal static class ValueStamp
{
    public const int Size = 12;
    private const int WriterShift = 40;

    public static long WriteId(int writer, long sequence) => ((long)writer << WriterShift) | sequence;

    public static byte[] Create(int valueSize, long writeId, int keyIndex)
    {
        var value = new byte[valueSize];
        BinaryPrimitives.WriteInt64LittleEndian(value, writeId);
        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(8), keyIndex);
        return value;
    }

    public static bool TryRead(byte[]? value, out long writeId, out int keyIndex)
    {
        if (value is null || value.Length < Size)
        {
            writeId = 0;
            keyIndex = -1;
            return false;
        }

        writeId = BinaryPrimitives.ReadInt64LittleEndian(value);
        keyIndex = BinaryPrimitives.ReadInt32LittleEndian(value.AsSpan(8));
        return true;
    }
}
