using Microsoft.Extensions.Logging;
using Npgsql;

namespace Actors.Store.Cluster;

/// <summary>
/// One round of the coordinator, in one transaction on its lock session: check it is still the coordinator of its term
/// and a live member; mark down members silent for longer than their failure timeout; forget members down for longer
/// than the retention; then apply <see cref="ShardPlanner"/>'s changes. Everything is read from the tables, so a new
/// coordinator carries on exactly where the last one stopped.
/// </summary>
internal static class CoordinatorRound
{
    /// <returns>False when this node is no longer the coordinator of <paramref name="term"/> (nothing was changed).</returns>
    public static Task<bool> RunAsync(ClusterContext context, NpgsqlConnection session, long term, CancellationToken cancellationToken)
    {
        ClusterSql sql = context.Sql;
        return ClusterTransaction.RunAsync(session, sql, async (transaction, meta) =>
        {
            if (meta.CoordinatorTerm != term || meta.Coordinator != context.NodeName)
            {
                context.Logger.LogWarning(
                    "Cluster node {Node} is no longer the coordinator: term {Term} was followed by term {Current} of {Coordinator}.",
                    context.NodeName,
                    term,
                    meta.CoordinatorTerm,
                    meta.Coordinator);
                return (false, false);
            }

            if (!(bool)(await ClusterCommands.ScalarAsync(session, transaction, sql.IsLiveMember, cancellationToken, context.NodeName, context.Incarnation).ConfigureAwait(false))!)
            {
                return (false, false); // its heartbeat will tell it why
            }

            List<string> downed = await ClusterCommands.ReadAsync(session, transaction, sql.MarkDown, r => r.GetString(0), cancellationToken).ConfigureAwait(false);
            List<string> forgotten = await ClusterCommands.ReadAsync(
                session, transaction, sql.ForgetDown, r => r.GetString(0), cancellationToken, context.Settings.DownMemberRetention).ConfigureAwait(false);
            List<MemberRow> members = await ClusterCommands.ReadAsync(
                session, transaction, sql.RoundMembers, r => new MemberRow(r.GetString(0), ClusterSchema.ParseStatus(r.GetString(1))), cancellationToken).ConfigureAwait(false);
            List<ShardRow> shards = await ClusterCommands.ReadAsync(
                session,
                transaction,
                sql.RoundShards,
                r => new ShardRow(
                    new ShardOwnership(r.GetInt32(0), r.NullableString(1), r.GetInt64(2), ClusterSchema.ParseState(r.GetString(3)), r.NullableString(4)),
                    r.GetBoolean(5),
                    r.GetBoolean(6)),
                cancellationToken,
                context.Settings.HandOffTimeout).ConfigureAwait(false);

            IReadOnlyList<ShardChange> changes = ShardPlanner.Plan(members, shards, context.Settings.MaxMovesPerRound);
            if (changes.Count > 0)
            {
                await using var batch = new NpgsqlBatch(session, transaction);
                foreach (ShardChange change in changes.OrderBy(c => c.After.Shard)) // the journal's lock order
                {
                    ShardOwnership after = change.After;
                    batch.BatchCommands.Add(ClusterCommands.BatchCommand(
                        sql.UpdateShard, after.Shard, after.Owner, after.Epoch, ClusterSchema.StateName(after.State), after.NextOwner, change.Rest, context.Settings.HandOffTimeout));
                }

                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            Log(context, downed, forgotten, changes);
            return (true, downed.Count + forgotten.Count + changes.Count > 0);
        }, cancellationToken);
    }

    private static void Log(ClusterContext context, List<string> downed, List<string> forgotten, IReadOnlyList<ShardChange> changes)
    {
        ILogger logger = context.Logger;
        foreach (string member in downed)
        {
            logger.LogWarning("Coordinator {Node} marked {Member} down: no heartbeat for longer than its failure timeout.", context.NodeName, member);
        }

        foreach (string member in forgotten)
        {
            logger.LogInformation("Coordinator {Node} forgot {Member}, down for longer than cluster.down-member-retention.", context.NodeName, member);
        }

        // A new cluster assigns every shard in one round: one line each would drown the log.
        const int detailed = 32;
        foreach (ShardChange change in changes.Take(detailed))
        {
            logger.LogInformation("Coordinator {Node}: {Change}", context.NodeName, change);
        }

        if (changes.Count > detailed)
        {
            logger.LogInformation("Coordinator {Node}: and {More} more shard changes.", context.NodeName, changes.Count - detailed);
        }
    }
}
