using System.Buffers;
using Actors.Persistence;
using Actors.Persistence.Journal;
using Actors.Store.Events;
using Actors.Store.Shards;
using Actors.Store.Client;

namespace Actors.Store.OwnRuntime;

/// <summary>
/// The facts that must never change for a store's data: its shard count and hash. Kept as the first event of the
/// persistence id <c>store-manifest</c> in the same journal, written once on first use and checked on every open.
/// </summary>
internal static class StoreManifest
{
    public const string PersistenceId = "store-manifest";
    public const string ManifestV1 = "store.m1";
    /// <summary>The shard hash of this build (<see cref="Sharding.StableHash"/>); data made with another is refused.</summary>
    public const string HashName = "fnv1a64-splitmix64-v1";

    public static async Task VerifyOrCreateAsync(IJournal journal, int shards, string location, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await foreach (var evt in journal.ReplayAsync(PersistenceId, 1, 1, 1, cancellationToken).ConfigureAwait(false))
            {
                var (storedShards, hash) = Decode(evt);
                if (hash != HashName)
                {
                    throw new UnknownEventFormatException(hash, $"The store manifest at {location} (hash function)", [HashName]);
                }

                if (storedShards != shards)
                {
                    throw new ShardCountMismatchException(storedShards, shards, location);
                }

                return;
            }

            var outcome = await journal.WriteAsync(
                [new AtomicWrite(new PersistentRepr(PersistenceId, 1, ManifestV1, Encode(shards), DateTimeOffset.UtcNow, "store"))],
                cancellationToken).ConfigureAwait(false);
            if (outcome[0].IsSuccess)
            {
                return;
            }

            if (outcome[0].Error is not SequenceNumberConflictException)
            {
                throw outcome[0].Error!;
            }

            // Another process created the store at the same moment: read what it wrote and check against it.
        }

        throw new InvalidOperationException($"The store manifest at {location} could not be read or written.");
    }

    private static byte[] Encode(int shards)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        BinaryFormat.WriteVarint(buffer, (ulong)shards);
        BinaryFormat.WriteString(buffer, HashName);
        return buffer.WrittenSpan.ToArray();
    }

    private static (int Shards, string Hash) Decode(PersistentRepr evt)
    {
        if (evt.Manifest != ManifestV1)
        {
            throw new UnknownEventFormatException(evt.Manifest, "The store manifest", [ManifestV1]);
        }

        var reader = new BinaryFormat.Reader(evt.Payload.Span, "The store manifest");
        var shards = reader.ReadInt64();
        var hash = reader.ReadString();
        reader.ExpectEnd();
        return ((int)shards, hash);
    }
}
