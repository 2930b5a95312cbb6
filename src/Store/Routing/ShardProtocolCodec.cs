using System.Buffers;
using Actors.Store.Events;
using Actors.Store.Shards;
using Actors.Store.OwnRuntime;

namespace Actors.Store.Routing;

/// <summary>
/// The wire format of shard requests and replies between nodes: a tag byte, then varints and length-prefixed strings
/// and bytes (the same primitives as the journal). Errors travel as a tag and enough fields to rebuild the same
/// exception type on the caller's side, so a forwarded request fails exactly as a local one would.
/// </summary>
internal static class ShardProtocolCodec
{
    private const byte Error = 0xFF;

    public static byte[] EncodeRequest(object request)
    {
        var w = new ArrayBufferWriter<byte>(64);
        WriteRequest(w, request);
        return w.WrittenSpan.ToArray();
    }

    public static object DecodeRequest(ReadOnlySpan<byte> data)
    {
        var r = new BinaryFormat.Reader(data, "a forwarded shard request");
        var request = ReadRequest(ref r);
        r.ExpectEnd();
        return request;
    }

    public static byte[] EncodeReply(object reply)
    {
        var w = new ArrayBufferWriter<byte>(64);
        switch (reply)
        {
            case ShardProtocol.GetReply get:
                Tag(w, 1);
                WriteEntry(w, get.Entry);
                break;
            case WriteResult write:
                Tag(w, 2);
                Flags(w, write.Applied, write.Created);
                BinaryFormat.WriteVarint(w, write.Version);
                break;
            case DeleteResult delete:
                Tag(w, 3);
                Flags(w, delete.Deleted, delete.Existed);
                BinaryFormat.WriteVarint(w, delete.Version);
                break;
            case IncrementResult increment:
                Tag(w, 4);
                WriteSigned(w, increment.Value);
                BinaryFormat.WriteVarint(w, increment.Version);
                break;
            case ShardProtocol.GetManyReply many:
                Tag(w, 5);
                BinaryFormat.WriteVarint(w, (ulong)many.Entries.Length);
                foreach (var entry in many.Entries)
                {
                    WriteEntry(w, entry);
                }

                break;
            case ShardProtocol.SetManyReply many:
                Tag(w, 6);
                BinaryFormat.WriteVarint(w, (ulong)many.Results.Length);
                foreach (var result in many.Results)
                {
                    Flags(w, result.Applied, result.Created);
                    BinaryFormat.WriteVarint(w, result.Version);
                }

                break;
            case BatchResult batch:
                Tag(w, 7);
                Flags(w, batch.Applied, batch.FailedIndex is not null);
                BinaryFormat.WriteVarint(w, (ulong)(batch.FailedIndex ?? 0));
                BinaryFormat.WriteVarint(w, batch.CurrentVersionAtFailure ?? 0);
                BinaryFormat.WriteVarint(w, (ulong)batch.Results.Count);
                foreach (var version in batch.Results)
                {
                    BinaryFormat.WriteVarint(w, version);
                }

                break;
            case ShardProtocol.ScanReply scan:
                Tag(w, 8);
                Flags(w, scan.More, false);
                BinaryFormat.WriteVarint(w, (ulong)scan.Entries.Count);
                foreach (var entry in scan.Entries)
                {
                    WriteEntry(w, entry);
                }

                break;
            case long count:
                Tag(w, 9);
                BinaryFormat.WriteVarint(w, count);
                break;
            case ShardStats stats:
                Tag(w, 10);
                foreach (var n in new[] { stats.Shard, stats.Keys, stats.Bytes, stats.MailboxDepth, stats.MessagesProcessed, stats.JournalPosition, stats.Tombstones })
                {
                    BinaryFormat.WriteVarint(w, n);
                }

                break;
            case ShardProtocol.Flushed:
                Tag(w, 11);
                break;
            default:
                throw new ArgumentException($"{reply.GetType().Name} is not a shard reply.", nameof(reply));
        }

        return w.WrittenSpan.ToArray();
    }

    public static byte[] EncodeError(Exception error)
    {
        var w = new ArrayBufferWriter<byte>(128);
        Tag(w, Error);
        switch (error)
        {
            case NotAnIntegerException notAnInteger:
                Tag(w, 1);
                BinaryFormat.WriteString(w, notAnInteger.Key);
                break;
            case InvalidKeyException:
                Tag(w, 2);
                break;
            case ValueTooLargeException tooLarge:
                Tag(w, 3);
                BinaryFormat.WriteVarint(w, (ulong)tooLarge.Length);
                BinaryFormat.WriteVarint(w, tooLarge.Limit);
                break;
            case StoreOverloadedException overloaded:
                Tag(w, 4);
                BinaryFormat.WriteVarint(w, (ulong)overloaded.Shard);
                break;
            case ShardNotOwnedException notOwned:
                Tag(w, 5);
                BinaryFormat.WriteVarint(w, (ulong)notOwned.Shard);
                BinaryFormat.WriteString(w, notOwned.KnownOwner ?? string.Empty);
                break;
            case ArgumentException:
                Tag(w, 6);
                break;
            case TimeoutException:
                Tag(w, 7);
                break;
            default:
                Tag(w, 8);
                break;
        }

        BinaryFormat.WriteString(w, error.Message);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>The reply, or throws the error it carries as the same exception type.</summary>
    public static object DecodeReply(ReadOnlySpan<byte> data)
    {
        var r = new BinaryFormat.Reader(data, "a forwarded shard reply");
        var tag = r.ReadByte();
        object reply = tag switch
        {
            1 => new ShardProtocol.GetReply(ReadEntry(ref r)),
            2 => ReadWrite(ref r),
            3 => ReadDelete(ref r),
            4 => new IncrementResult(ReadSigned(ref r), r.ReadInt64()),
            5 => new ShardProtocol.GetManyReply(ReadMany(ref r, static (ref BinaryFormat.Reader x) => ReadEntry(ref x))),
            6 => new ShardProtocol.SetManyReply(ReadMany(ref r, static (ref BinaryFormat.Reader x) => ReadWrite(ref x))),
            7 => ReadBatch(ref r),
            8 => ReadScan(ref r),
            9 => r.ReadInt64(),
            10 => new ShardStats((int)r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), (int)r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64()),
            11 => ShardProtocol.Flushed.Instance,
            Error => throw ReadError(ref r),
            _ => throw new InvalidDataException($"A forwarded shard reply has an unknown tag {tag}."),
        };
        r.ExpectEnd();
        return reply;
    }

    private static Exception ReadError(ref BinaryFormat.Reader r)
    {
        var kind = r.ReadByte();
        Exception error = kind switch
        {
            1 => NotAnIntegerException.FromMessage(r.ReadString(), string.Empty),
            2 => new InvalidKeyException(string.Empty),
            3 => new ValueTooLargeException((int)r.ReadInt64(), r.ReadInt64()),
            4 => new StoreOverloadedException((int)r.ReadInt64(), new InvalidOperationException("refused by the shard's owner")),
            5 => new ShardNotOwnedException((int)r.ReadInt64(), "the owner", NullIfEmpty(r.ReadString())),
            _ => null!,
        };
        var message = r.ReadString();
        return kind switch
        {
            1 => NotAnIntegerException.FromMessage(((NotAnIntegerException)error).Key, message),
            2 => new InvalidKeyException(message),
            6 => new ArgumentException(message),
            7 => new TimeoutException(message),
            8 => new StoreUnavailableException(message),
            _ => error,
        };
    }

    private static void WriteRequest(IBufferWriter<byte> w, object request)
    {
        switch (request)
        {
            case ShardProtocol.Get get:
                Tag(w, 1);
                BinaryFormat.WriteString(w, get.Key);
                break;
            case ShardProtocol.Set set:
                Tag(w, 2);
                BinaryFormat.WriteString(w, set.Key);
                BinaryFormat.WriteBytes(w, set.Value);
                WriteOptions(w, set.Options);
                break;
            case ShardProtocol.Delete delete:
                Tag(w, 3);
                BinaryFormat.WriteString(w, delete.Key);
                WriteOptionalVersion(w, delete.ExpectedVersion);
                break;
            case ShardProtocol.Increment increment:
                Tag(w, 4);
                BinaryFormat.WriteString(w, increment.Key);
                WriteSigned(w, increment.By);
                break;
            case ShardProtocol.GetMany many:
                Tag(w, 5);
                BinaryFormat.WriteVarint(w, (ulong)many.Keys.Count);
                foreach (var key in many.Keys)
                {
                    BinaryFormat.WriteString(w, key);
                }

                break;
            case ShardProtocol.SetMany many:
                Tag(w, 6);
                BinaryFormat.WriteVarint(w, (ulong)many.Items.Count);
                foreach (var (key, value) in many.Items)
                {
                    BinaryFormat.WriteString(w, key);
                    BinaryFormat.WriteBytes(w, value);
                }

                break;
            case ShardProtocol.Batch batch:
                Tag(w, 7);
                BinaryFormat.WriteVarint(w, (ulong)batch.Operations.Count);
                foreach (var operation in batch.Operations)
                {
                    WriteBatchOperation(w, operation);
                }

                break;
            case ShardProtocol.Scan scan:
                Tag(w, 8);
                BinaryFormat.WriteString(w, scan.Prefix);
                Flags(w, scan.AfterKey is not null, scan.IncludeValues);
                if (scan.AfterKey is not null)
                {
                    BinaryFormat.WriteString(w, scan.AfterKey);
                }

                BinaryFormat.WriteVarint(w, (ulong)scan.Limit);
                break;
            case ShardProtocol.Count:
                Tag(w, 9);
                break;
            case ShardProtocol.Stats:
                Tag(w, 10);
                break;
            case ShardProtocol.Flush:
                Tag(w, 11);
                break;
            case ShardProtocol.PostedSet posted:
                Tag(w, 12);
                BinaryFormat.WriteString(w, posted.Key);
                BinaryFormat.WriteBytes(w, posted.Value);
                break;
            case ShardProtocol.PostedIncrement posted:
                Tag(w, 13);
                BinaryFormat.WriteString(w, posted.Key);
                WriteSigned(w, posted.By);
                break;
            case ShardProtocol.PostedBatch batch:
                Tag(w, 14);
                BinaryFormat.WriteVarint(w, (ulong)batch.Count);
                foreach (var operation in batch.Items)
                {
                    BinaryFormat.WriteString(w, operation.Key);
                    Flags(w, operation.Value is not null, false);
                    if (operation.Value is not null)
                    {
                        BinaryFormat.WriteBytes(w, operation.Value);
                    }
                    else
                    {
                        WriteSigned(w, operation.By);
                    }
                }

                break;
            case ShardProtocol.Acknowledged acknowledged:
                Tag(w, 15);
                WriteRequest(w, acknowledged.Inner);
                break;
            default:
                throw new ArgumentException($"{request.GetType().Name} cannot be forwarded.", nameof(request));
        }
    }

    private static object ReadRequest(ref BinaryFormat.Reader r)
    {
        var tag = r.ReadByte();
        switch (tag)
        {
            case 1:
                return new ShardProtocol.Get(r.ReadString());
            case 2:
                return new ShardProtocol.Set(r.ReadString(), r.ReadBytes(), ReadOptions(ref r));
            case 3:
                return new ShardProtocol.Delete(r.ReadString(), ReadOptionalVersion(ref r));
            case 4:
                return new ShardProtocol.Increment(r.ReadString(), ReadSigned(ref r));
            case 5:
                return new ShardProtocol.GetMany(ReadMany(ref r, static (ref BinaryFormat.Reader x) => x.ReadString()));
            case 6:
                return new ShardProtocol.SetMany(ReadMany(ref r, static (ref BinaryFormat.Reader x) => new KeyValuePair<string, byte[]>(x.ReadString(), x.ReadBytes())));
            case 7:
                return new ShardProtocol.Batch(ReadMany(ref r, static (ref BinaryFormat.Reader x) => ReadBatchOperation(ref x)));
            case 8:
            {
                var prefix = r.ReadString();
                var (hasAfter, includeValues) = ReadFlags(ref r);
                var after = hasAfter ? r.ReadString() : null;
                return new ShardProtocol.Scan(prefix, after, (int)r.ReadInt64(), includeValues);
            }

            case 9:
                return ShardProtocol.Count.Instance;
            case 10:
                return ShardProtocol.Stats.Instance;
            case 11:
                return ShardProtocol.Flush.Instance;
            case 12:
                return new ShardProtocol.PostedSet(r.ReadString(), r.ReadBytes());
            case 13:
                return new ShardProtocol.PostedIncrement(r.ReadString(), ReadSigned(ref r));
            case 14:
                return new ShardProtocol.PostedBatch(ReadMany(ref r, static (ref BinaryFormat.Reader x) =>
                {
                    var key = x.ReadString();
                    var (isSet, _) = ReadFlags(ref x);
                    return isSet ? new ShardProtocol.PostedOperation(key, x.ReadBytes(), 0) : new ShardProtocol.PostedOperation(key, null, ReadSigned(ref x));
                }));
            case 15:
                return new ShardProtocol.Acknowledged(ReadRequest(ref r));
            default:
                throw new InvalidDataException($"A forwarded shard request has an unknown tag {tag}.");
        }
    }

    private static void WriteBatchOperation(IBufferWriter<byte> w, BatchOperation operation)
    {
        switch (operation)
        {
            case BatchOperation.Set set:
                Tag(w, 1);
                BinaryFormat.WriteString(w, set.Key);
                BinaryFormat.WriteBytes(w, set.Value.Span);
                WriteOptions(w, set.Options);
                break;
            case BatchOperation.Delete delete:
                Tag(w, 2);
                BinaryFormat.WriteString(w, delete.Key);
                WriteOptionalVersion(w, delete.ExpectedVersion);
                break;
            case BatchOperation.Increment increment:
                Tag(w, 3);
                BinaryFormat.WriteString(w, increment.Key);
                WriteSigned(w, increment.By);
                break;
            case BatchOperation.Check check:
                Tag(w, 4);
                BinaryFormat.WriteString(w, check.Key);
                BinaryFormat.WriteVarint(w, check.ExpectedVersion);
                break;
        }
    }

    private static BatchOperation ReadBatchOperation(ref BinaryFormat.Reader r) => r.ReadByte() switch
    {
        1 => new BatchOperation.Set(r.ReadString(), r.ReadBytes(), ReadOptions(ref r)),
        2 => new BatchOperation.Delete(r.ReadString(), ReadOptionalVersion(ref r)),
        3 => new BatchOperation.Increment(r.ReadString(), ReadSigned(ref r)),
        4 => new BatchOperation.Check(r.ReadString(), r.ReadInt64()),
        var tag => throw new InvalidDataException($"A forwarded batch holds an unknown operation tag {tag}."),
    };

    private static void WriteOptions(IBufferWriter<byte> w, SetOptions? options)
    {
        var flags = (byte)((options?.ExpectedVersion is null ? 0 : 1) | (options?.Ttl is null ? 0 : 2) | (options?.ContentType is null ? 0 : 4));
        Tag(w, flags);
        if (options?.ExpectedVersion is { } expected)
        {
            BinaryFormat.WriteVarint(w, expected);
        }

        if (options?.Ttl is { } ttl)
        {
            BinaryFormat.WriteVarint(w, ttl.Ticks);
        }

        if (options?.ContentType is { } contentType)
        {
            BinaryFormat.WriteString(w, contentType);
        }
    }

    private static SetOptions? ReadOptions(ref BinaryFormat.Reader r)
    {
        var flags = r.ReadByte();
        if (flags == 0)
        {
            return null;
        }

        return new SetOptions
        {
            ExpectedVersion = (flags & 1) != 0 ? r.ReadInt64() : null,
            Ttl = (flags & 2) != 0 ? TimeSpan.FromTicks(r.ReadInt64()) : null,
            ContentType = (flags & 4) != 0 ? r.ReadString() : null,
        };
    }

    private static void WriteEntry(IBufferWriter<byte> w, StoreEntry? entry)
    {
        if (entry is null)
        {
            Tag(w, 0);
            return;
        }

        Tag(w, (byte)(1 | (entry.ExpiresAt is null ? 0 : 2) | (entry.ContentType is null ? 0 : 4)));
        BinaryFormat.WriteString(w, entry.Key);
        BinaryFormat.WriteBytes(w, entry.Value.Span);
        BinaryFormat.WriteVarint(w, entry.Version);
        if (entry.ExpiresAt is { } expires)
        {
            BinaryFormat.WriteVarint(w, expires.ToUnixTimeMilliseconds());
        }

        if (entry.ContentType is { } contentType)
        {
            BinaryFormat.WriteString(w, contentType);
        }
    }

    private static StoreEntry? ReadEntry(ref BinaryFormat.Reader r)
    {
        var flags = r.ReadByte();
        if (flags == 0)
        {
            return null;
        }

        var key = r.ReadString();
        var value = r.ReadBytes();
        var version = r.ReadInt64();
        DateTimeOffset? expires = (flags & 2) != 0 ? DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64()) : null;
        var contentType = (flags & 4) != 0 ? r.ReadString() : null;
        return new StoreEntry(key, value, version, expires, contentType);
    }

    private static WriteResult ReadWrite(ref BinaryFormat.Reader r)
    {
        var (applied, created) = ReadFlags(ref r);
        return new WriteResult(applied, r.ReadInt64(), created);
    }

    private static DeleteResult ReadDelete(ref BinaryFormat.Reader r)
    {
        var (deleted, existed) = ReadFlags(ref r);
        return new DeleteResult(deleted, existed, r.ReadInt64());
    }

    private static BatchResult ReadBatch(ref BinaryFormat.Reader r)
    {
        var (applied, failed) = ReadFlags(ref r);
        var index = (int)r.ReadInt64();
        var current = r.ReadInt64();
        var results = ReadMany(ref r, static (ref BinaryFormat.Reader x) => x.ReadInt64());
        return new BatchResult(applied, failed ? index : null, results, failed ? current : null);
    }

    private static ShardProtocol.ScanReply ReadScan(ref BinaryFormat.Reader r)
    {
        var (more, _) = ReadFlags(ref r);
        var entries = ReadMany(ref r, static (ref BinaryFormat.Reader x) => ReadEntry(ref x)!);
        return new ShardProtocol.ScanReply(entries, more);
    }

    private delegate T ItemReader<out T>(ref BinaryFormat.Reader reader);

    private static T[] ReadMany<T>(ref BinaryFormat.Reader r, ItemReader<T> read)
    {
        var count = r.ReadInt64();
        if (count > 1_000_000)
        {
            throw new InvalidDataException($"A forwarded message claims {count} items; at most 1,000,000 are accepted.");
        }

        var items = new T[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = read(ref r);
        }

        return items;
    }

    private static void WriteOptionalVersion(IBufferWriter<byte> w, long? version)
    {
        Flags(w, version is not null, false);
        if (version is { } v)
        {
            BinaryFormat.WriteVarint(w, v);
        }
    }

    private static long? ReadOptionalVersion(ref BinaryFormat.Reader r) => ReadFlags(ref r).First ? r.ReadInt64() : null;

    // Zig-zag: small negative numbers stay small.
    private static void WriteSigned(IBufferWriter<byte> w, long value) => BinaryFormat.WriteVarint(w, (ulong)((value << 1) ^ (value >> 63)));

    private static long ReadSigned(ref BinaryFormat.Reader r)
    {
        var raw = r.ReadVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    private static void Tag(IBufferWriter<byte> w, byte tag) => w.Write([tag]);

    private static void Flags(IBufferWriter<byte> w, bool first, bool second) => Tag(w, (byte)((first ? 1 : 0) | (second ? 2 : 0)));

    private static (bool First, bool Second) ReadFlags(ref BinaryFormat.Reader r)
    {
        var flags = r.ReadByte();
        return ((flags & 1) != 0, (flags & 2) != 0);
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
