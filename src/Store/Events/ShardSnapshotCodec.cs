using System.Buffers;
using Actors.Store.Shards;

namespace Actors.Store.Events;

/// <summary>
/// The snapshot format of a shard (<c>kv.s1</c>): the version floor, then every entry — live keys and the tombstones
/// that keep deleted keys' versions — with its version, expiry and content type.
/// </summary>
internal static class ShardSnapshotCodec
{
    public const string SnapshotV1 = "kv.s1";

    private const byte Tombstone = 1;
    private const byte HasContentType = 2;

    public static byte[] Encode(ShardState state)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        buffer.Write("kv.s1\n"u8);
        BinaryFormat.WriteVarint(buffer, state.VersionFloor);
        var entries = state.AllEntries.ToList();
        BinaryFormat.WriteVarint(buffer, (ulong)entries.Count);
        foreach (var (key, entry) in entries)
        {
            BinaryFormat.WriteString(buffer, key);
            var flags = (byte)((entry.IsTombstone ? Tombstone : 0) | (entry.ContentType is null ? 0 : HasContentType));
            buffer.Write([flags]);
            BinaryFormat.WriteVarint(buffer, entry.Version);
            if (entry.IsTombstone)
            {
                BinaryFormat.WriteVarint(buffer, entry.DeletedAtMs);
                continue;
            }

            BinaryFormat.WriteVarint(buffer, entry.ExpiresAtMs);
            if (entry.ContentType is not null)
            {
                BinaryFormat.WriteString(buffer, entry.ContentType);
            }

            BinaryFormat.WriteBytes(buffer, entry.Value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static (List<KeyValuePair<string, Entry>> Entries, long VersionFloor) Decode(ReadOnlySpan<byte> data, string where)
    {
        if (!data.StartsWith("kv.s1\n"u8))
        {
            var end = data.IndexOf((byte)'\n');
            var manifest = end is > 0 and < 32 ? System.Text.Encoding.ASCII.GetString(data[..end]) : "(unrecognised header)";
            throw new UnknownEventFormatException(manifest, where, [SnapshotV1]);
        }

        var reader = new BinaryFormat.Reader(data[6..], where);
        var floor = reader.ReadInt64();
        var count = reader.ReadInt64();
        var entries = new List<KeyValuePair<string, Entry>>((int)Math.Min(count, 1 << 20));
        for (long i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var flags = reader.ReadByte();
            var version = reader.ReadInt64();
            if ((flags & Tombstone) != 0)
            {
                entries.Add(new(key, Entry.Tombstone(version, reader.ReadInt64())));
                continue;
            }

            var expiresAt = reader.ReadInt64();
            var contentType = (flags & HasContentType) != 0 ? reader.ReadString() : null;
            entries.Add(new(key, Entry.Live(reader.ReadBytes(), version, expiresAt, contentType)));
        }

        reader.ExpectEnd();
        return (entries, floor);
    }
}
