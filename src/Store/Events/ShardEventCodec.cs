using System.Buffers;

namespace Actors.Store.Events;

/// <summary>
/// The journal format of shard events: a manifest naming type and version (<c>kv.w1</c>, <c>kv.d1</c>) and a compact
/// payload of varints and length-prefixed strings. A new field means a new manifest version; old ones stay readable.
/// </summary>
internal static class ShardEventCodec
{
    public const string WrittenV1 = "kv.w1";
    public const string DeletedV1 = "kv.d1";

    public static readonly IReadOnlyList<string> Known = [WrittenV1, DeletedV1];

    private const byte HasContentType = 1;

    public static (string Manifest, byte[] Payload) Encode(ShardEvent evt)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        switch (evt)
        {
            case EntryWritten written:
                BinaryFormat.WriteString(buffer, written.Key);
                BinaryFormat.WriteVarint(buffer, written.Version);
                BinaryFormat.WriteVarint(buffer, written.TimestampMs);
                BinaryFormat.WriteVarint(buffer, written.ExpiresAtMs);
                buffer.Write([written.ContentType is null ? (byte)0 : HasContentType]);
                if (written.ContentType is not null)
                {
                    BinaryFormat.WriteString(buffer, written.ContentType);
                }

                BinaryFormat.WriteBytes(buffer, written.Value);
                return (WrittenV1, buffer.WrittenSpan.ToArray());
            case EntryDeleted deleted:
                BinaryFormat.WriteString(buffer, deleted.Key);
                BinaryFormat.WriteVarint(buffer, deleted.Version);
                BinaryFormat.WriteVarint(buffer, deleted.TimestampMs);
                return (DeletedV1, buffer.WrittenSpan.ToArray());
            default:
                throw new ArgumentException($"Unknown shard event {evt.GetType().Name}.", nameof(evt));
        }
    }

    /// <param name="manifest">The stored manifest.</param>
    /// <param name="payload">The stored bytes.</param>
    /// <param name="where">Where it was read from, for error messages (e.g. "event 17 of shard-3").</param>
    public static ShardEvent Decode(string manifest, ReadOnlySpan<byte> payload, string where)
    {
        var reader = new BinaryFormat.Reader(payload, where);
        ShardEvent evt;
        switch (manifest)
        {
            case WrittenV1:
            {
                var key = reader.ReadString();
                var version = reader.ReadInt64();
                var timestamp = reader.ReadInt64();
                var expiresAt = reader.ReadInt64();
                var flags = reader.ReadByte();
                var contentType = (flags & HasContentType) != 0 ? reader.ReadString() : null;
                evt = new EntryWritten(key, reader.ReadBytes(), version, timestamp, expiresAt, contentType);
                break;
            }

            case DeletedV1:
                evt = new EntryDeleted(reader.ReadString(), reader.ReadInt64(), reader.ReadInt64());
                break;
            default:
                throw new UnknownEventFormatException(manifest, where, Known);
        }

        reader.ExpectEnd();
        return evt;
    }
}
