using Actors.Host.Resp.Commands;
using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Server;
using Actors.Store;

namespace Actors.Host.Resp.Transactions;

/// <summary>
/// Runs key commands atomically: reads their keys, decides them over a <see cref="KeyspaceView"/>, and writes the
/// outcome as one batch guarded by the versions read (the store's compare-and-set), retrying on fresh reads when a key
/// changed in between. EXEC runs its queued commands this way, WATCHed keys guarded by the versions seen at WATCH; a
/// single read-modify-write command (<c>SET … GET</c>, <c>EXPIRE</c>…) is a transaction of one.
/// </summary>
public static class TransactionRunner
{
    /// <summary>Runs one key command on its own and returns its reply.</summary>
    public static async ValueTask<RespReply> RunOneAsync(RespServices server, RespCommand command, RespRequest request, CancellationToken cancellationToken)
    {
        var keys = command.KeysOf!(request);
        if (!server.SameShard(keys))
        {
            return RespErrors.CrossSlot;
        }

        var outcome = await RunAsync(server, [new QueuedCommand(command, request, keys)], watched: null, cancellationToken).ConfigureAwait(false);
        return outcome is { } replies ? replies[0] : RespReply.NullArray;
    }

    /// <summary>
    /// Runs <paramref name="commands"/> as one transaction; <see langword="null"/> when a key in
    /// <paramref name="watched"/> is no longer at the version it was watched at (EXEC then answers a null array).
    /// </summary>
    public static async ValueTask<IReadOnlyList<RespReply>?> RunAsync(
        RespServices server,
        IReadOnlyList<QueuedCommand> commands,
        IReadOnlyDictionary<string, long>? watched,
        CancellationToken cancellationToken)
    {
        var keys = commands.SelectMany(c => c.Keys).Concat(watched?.Keys ?? []).Distinct(StringComparer.Ordinal).ToArray();
        for (var attempt = 0; attempt < server.Settings.MaxTransactionAttempts; attempt++)
        {
            // Reads of one shard's keys, sent together: they reach the shard's mailbox one after the other.
            var reads = new ValueTask<StoreEntry?>[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                reads[i] = server.Store.GetAsync(keys[i], cancellationToken);
            }

            var entries = new StoreEntry?[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                entries[i] = await reads[i].ConfigureAwait(false);
            }

            if (watched is not null)
            {
                for (var i = 0; i < keys.Length; i++)
                {
                    if (watched.TryGetValue(keys[i], out var version) && (entries[i]?.Version ?? 0) != version)
                    {
                        return null;
                    }
                }
            }

            var view = new KeyspaceView(keys, entries, server.Time.GetUtcNow());
            var replies = new RespReply[commands.Count];
            for (var i = 0; i < commands.Count; i++)
            {
                replies[i] = commands[i].Command.Apply!(view, commands[i].Request);
            }

            // A single key read needs no check: the read itself was atomic.
            if (!view.Changed && keys.Length <= 1)
            {
                return replies;
            }

            var (operations, checkedKeys) = view.ToBatch();
            var result = await server.Store.BatchAsync(operations, cancellationToken).ConfigureAwait(false);
            if (result.Applied)
            {
                return replies;
            }

            if (watched is not null && result.FailedIndex is { } failed && failed < checkedKeys.Count && watched.ContainsKey(checkedKeys[failed]))
            {
                return null;
            }
        }

        throw new TransactionContentionException(server.Settings.MaxTransactionAttempts);
    }
}
