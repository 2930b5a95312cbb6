using System.Buffers;

namespace Actors.Store.Events;

using Akka.Actor;
using Akka.Serialization;

/// <summary>
/// The Akka.NET serializer of everything the store journals and snapshots: compact binary with a versioned manifest
/// (<c>kv.g1</c> a shard's group of changes, <c>kv.s1</c> a snapshot, <c>kv.m1</c> the store's shape), instead of
/// Akka's default JSON with CLR type names in every row. A manifest this build does not know stops recovery with
/// <see cref="UnknownEventFormatException"/> and overwrites nothing. Registered by the store's configuration
/// (<see cref="Configuration"/>).
/// </summary>
internal sealed class StoreSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>This serializer's id in <c>akka.actor.serialization-identifiers</c>.</summary>
    public const int Id = 7351;

    public const string GroupV1 = "kv.g1";
    public const string ShapeV1 = "kv.m1";

    private const byte Written = 1;
    private const byte Deleted = 2;

    /// <summary>The HOCON that registers the serializer and binds the store's persisted types to it.</summary>
    public static string Configuration => $$"""
        akka.actor {
          serializers.actors-store = "{{typeof(StoreSerializer).AssemblyQualifiedName}}"
          serialization-identifiers { "{{typeof(StoreSerializer).AssemblyQualifiedName}}" = {{Id}} }
          serialization-bindings {
            "{{typeof(ShardEventGroup).AssemblyQualifiedName}}" = actors-store
            "{{typeof(ShardSnapshot).AssemblyQualifiedName}}" = actors-store
            "{{typeof(StoreShape).AssemblyQualifiedName}}" = actors-store
          }
        }
        """;

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        ShardEventGroup => GroupV1,
        ShardSnapshot => ShardSnapshotCodec.SnapshotV1,
        StoreShape => ShapeV1,
        _ => throw new ArgumentException($"{nameof(StoreSerializer)} cannot serialize {o.GetType().Name}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        switch (obj)
        {
            case ShardEventGroup group:
            {
                var buffer = new ArrayBufferWriter<byte>(64 * group.Events.Count);
                BinaryFormat.WriteVarint(buffer, (ulong)group.Events.Count);
                foreach (var evt in group.Events)
                {
                    var (manifest, payload) = ShardEventCodec.Encode(evt);
                    buffer.Write([manifest == ShardEventCodec.WrittenV1 ? Written : Deleted]);
                    BinaryFormat.WriteBytes(buffer, payload);
                }

                return buffer.WrittenSpan.ToArray();
            }

            case ShardSnapshot snapshot:
                return snapshot.Encoded;
            case StoreShape shape:
            {
                var buffer = new ArrayBufferWriter<byte>(8);
                BinaryFormat.WriteVarint(buffer, (ulong)shape.Shards);
                BinaryFormat.WriteString(buffer, shape.HashFunction);
                return buffer.WrittenSpan.ToArray();
            }

            default:
                throw new ArgumentException($"{nameof(StoreSerializer)} cannot serialize {obj.GetType().Name}.", nameof(obj));
        }
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        const string Where = "the journal";
        switch (manifest)
        {
            case GroupV1:
            {
                var reader = new BinaryFormat.Reader(bytes, Where);
                var count = reader.ReadLength();
                var events = new ShardEvent[count];
                for (var i = 0; i < count; i++)
                {
                    var kind = reader.ReadByte();
                    var payload = reader.ReadBytes();
                    events[i] = kind switch
                    {
                        Written => ShardEventCodec.Decode(ShardEventCodec.WrittenV1, payload, Where),
                        Deleted => ShardEventCodec.Decode(ShardEventCodec.DeletedV1, payload, Where),
                        _ => throw new InvalidDataException($"A {GroupV1} event in {Where} holds a change of unknown kind {kind}."),
                    };
                }

                reader.ExpectEnd();
                return new ShardEventGroup(events);
            }

            case ShardSnapshotCodec.SnapshotV1:
                return new ShardSnapshot(bytes);
            case ShapeV1:
            {
                var reader = new BinaryFormat.Reader(bytes, Where);
                var shards = (int)reader.ReadInt64();
                var hash = reader.ReadString();
                reader.ExpectEnd();
                return new StoreShape(shards, hash);
            }

            default:
                throw new UnknownEventFormatException(manifest, Where, [GroupV1, ShardSnapshotCodec.SnapshotV1, ShapeV1]);
        }
    }
}
