using System.Data;
using Npgsql;

namespace Actors.Store.Cluster;

/// <summary>Reads the cluster's tables as one consistent view (one repeatable-read snapshot).</summary>
internal static class ViewReader
{
    public static async Task<ClusterView> ReadAsync(NpgsqlDataSource pool, ClusterSql sql, CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await ClusterCommands.OpenAsync(pool, cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { new(sql.ReadMeta), new(sql.ReadMembers), new(sql.ReadShards) },
        };

        long version;
        string? coordinator;
        long term;
        var members = new List<ClusterMember>();
        var shards = new List<ShardOwnership>();
        await using (NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidDataException($"The cluster's {ClusterSchema.MetaTable} table has no row; it was changed outside this software.");
            }

            version = reader.GetInt64(0);
            coordinator = reader.NullableString(1);
            term = reader.GetInt64(2);

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                members.Add(new ClusterMember(
                    reader.GetString(0),
                    reader.GetString(1),
                    ClusterSchema.ParseStatus(reader.GetString(2)),
                    reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetGuid(4),
                    reader.GetFieldValue<DateTimeOffset>(5)));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var shard = new ShardOwnership(
                    reader.GetInt32(0),
                    reader.NullableString(1),
                    reader.GetInt64(2),
                    ClusterSchema.ParseState(reader.GetString(3)),
                    reader.NullableString(4));
                if (shard.Shard != shards.Count)
                {
                    throw new InvalidDataException($"The cluster's shard table lacks shard {shards.Count}; it was changed outside this software.");
                }

                shards.Add(shard);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ClusterView(version, members, coordinator, term, shards);
    }
}
